// Alerts: raised by rules (at most once per rule and dedupe key, enforced by a unique index),
// audited as monitoring.alert, enqueued on every channel in the same transaction, and moved
// open -> acknowledged -> resolved by people, with the history kept on the row and in the audit.
import "server-only";
import { z } from "zod";
import { appendAudit, type AuditActorRef } from "@/lib/audit/append";
import { WardenError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { keysetArgs, keysetOf, pageQuery, type Page } from "@/lib/paging";
import { ALERT_FIRED, enqueueAlert, type AlertPayload } from "@/lib/notifications/outbox";
import { type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";
import type { Finding } from "./metrics";
import { RULE_ACTIONS, SEVERITIES } from "./rules";

export const ALERT_STATUSES = ["open", "acknowledged", "resolved"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const ACTIVE_STATUSES: AlertStatus[] = ["open", "acknowledged"];

const historyItem = z.object({
  at: z.iso.datetime(),
  status: z.enum(ALERT_STATUSES),
  by: z.string().describe('Who moved it: an e-mail, a user id, or "system" when the rule fired'),
  note: z.string().optional(),
});
export type HistoryItem = z.infer<typeof historyItem>;

/** An alert as /v1/alerts sends it. */
export const alertView = z
  .object({
    id: z.string(),
    rule_id: z.string(),
    rule: z.string().describe("The rule's name"),
    action: z.enum(RULE_ACTIONS),
    severity: z.enum(SEVERITIES),
    title: z.string(),
    summary: z.string().describe("The measured figure and the rule's condition"),
    status: z.enum(ALERT_STATUSES),
    details: z
      .record(z.string(), z.unknown())
      .describe("The condition, the measured value, the figure and evidence links"),
    history: z.array(historyItem).describe("Every status change, oldest first"),
    fired_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    deliveries: z
      .object({ delivered: z.number().int(), pending: z.number().int(), dead: z.number().int() })
      .describe("Notification deliveries of this alert by state"),
  })
  .meta({ id: "Alert" });
export type AlertView = z.infer<typeof alertView>;

interface RuleRef {
  id: string;
  name: string;
  action: string;
  severity: string;
  condition: string;
}

function consoleUrl(path: string): string {
  const base = (process.env.AUTH_URL ?? "").replace(/\/+$/, "");
  return `${base}${path}`;
}

/**
 * Raises an alert for a finding unless this rule already fired for the same key.
 * Returns the alert id, or null when it was a duplicate. Never throws on a duplicate (an
 * insert conflict inside the transaction would abort it), thanks to ON CONFLICT DO NOTHING.
 */
export async function raiseAlert(
  tx: TenantTx,
  rule: RuleRef,
  f: Finding,
  now: Date,
  extra: Record<string, unknown> = {},
): Promise<string | null> {
  const tenantId = await tenantIdOf(tx);
  const title = rule.name;
  const summary = `${f.label} — condition: ${rule.condition}`;
  const details = { condition: rule.condition, value: f.value, figure: f.label, evidence: f.evidence, ...extra };
  const history: HistoryItem[] = [{ at: now.toISOString(), status: "open", by: "system", note: "Rule fired" }];
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO monitoring_alerts (tenant_id, rule_id, dedupe_key, severity, title, summary, details, status, history, fired_at, updated_at)
    VALUES (${tenantId}, ${rule.id}, ${f.key}, ${rule.severity}, ${title}, ${summary}, ${JSON.stringify(details)}::jsonb, 'open',
      ${JSON.stringify(history)}::jsonb, ${now}, ${now})
    ON CONFLICT (tenant_id, rule_id, dedupe_key) DO NOTHING
    RETURNING id`;
  const id = rows[0]?.id;
  if (!id) return null;
  await appendAudit(tx, {
    action: "monitoring.alert",
    outcome: "success",
    actor: { kind: "system", subject: "system" },
    target: { type: "monitoring_alert", id },
    details: { rule_id: rule.id, rule: rule.name, severity: rule.severity, value: f.value, key: f.key },
  });
  let extraEmail: string[] = [];
  if (rule.action === "notify_manager") {
    extraEmail = (
      await tx.user.findMany({
        where: { active: true, role: "admin", customRoleId: null },
        select: { email: true },
        orderBy: { email: "asc" },
      })
    ).map((u) => u.email);
  }
  const payload: AlertPayload = {
    event: ALERT_FIRED,
    alert: {
      id,
      rule_id: rule.id,
      rule: rule.name,
      action: rule.action,
      severity: rule.severity,
      title,
      summary,
      fired_at: now.toISOString(),
      details,
      url: consoleUrl(`/monitoring?alert=${id}`),
    },
    tenant: tenantId,
    extra_email: extraEmail,
  };
  await enqueueAlert(tx, payload, now);
  return id;
}

type AlertRow = Prisma.MonitoringAlertGetPayload<{ include: { rule: true; deliveries: { select: { status: true } } } }>;

function view(a: AlertRow): AlertView {
  const d = a.deliveries ?? [];
  return {
    id: a.id,
    rule_id: a.ruleId,
    rule: a.rule.name,
    action: a.rule.action as (typeof RULE_ACTIONS)[number],
    severity: a.severity as AlertView["severity"],
    title: a.title,
    summary: a.summary,
    status: a.status as AlertStatus,
    details: a.details as Record<string, unknown>,
    history: a.history as unknown as HistoryItem[],
    fired_at: a.firedAt.toISOString(),
    updated_at: a.updatedAt.toISOString(),
    deliveries: {
      delivered: d.filter((x) => x.status === "delivered").length,
      pending: d.filter((x) => x.status === "pending").length,
      dead: d.filter((x) => x.status === "dead").length,
    },
  };
}

export const alertListQuery = pageQuery.extend({
  status: z
    .enum([...ALERT_STATUSES, "active", "all"])
    .default("all")
    .describe("active = open or acknowledged"),
});

/** Alerts, newest first (by fired_at), one page. */
export async function listAlerts(
  tx: TenantTx,
  input: Page & { status: z.infer<typeof alertListQuery>["status"] },
): Promise<{ data: AlertView[]; next_cursor: string | null }> {
  const status =
    input.status === "all" ? undefined : input.status === "active" ? { in: ACTIVE_STATUSES } : input.status;
  const rows = await tx.monitoringAlert.findMany({
    ...keysetArgs(input, "firedAt", status ? { status } : {}),
    include: { rule: true, deliveries: { select: { status: true } } },
  });
  const page = keysetOf(rows, input, (r) => r.firedAt);
  return { data: page.data.map(view), next_cursor: page.next_cursor };
}

export const transitionNoteSchema = z.object({
  note: z.string().trim().max(500).optional().describe("Kept in the alert's history and the audit entry"),
});
export const transitionSchema = transitionNoteSchema.extend({ status: z.enum(["acknowledged", "resolved"]) });

const NEXT: Record<AlertStatus, AlertStatus[]> = {
  open: ["acknowledged", "resolved"],
  acknowledged: ["resolved"],
  resolved: [],
};

export async function transitionAlert(
  tx: TenantTx,
  actor: AuditActorRef,
  id: string,
  input: z.infer<typeof transitionSchema>,
  requestId?: string,
  now = new Date(),
): Promise<AlertView> {
  const a = await tx.monitoringAlert.findFirst({ where: { id } });
  if (!a) throw new WardenError("not_found", "No such alert");
  const from = a.status as AlertStatus;
  if (!NEXT[from].includes(input.status))
    throw new WardenError("conflict", `An ${from} alert cannot become ${input.status}`);
  const by = actor.email ?? actor.userId ?? actor.subject;
  const history = [
    ...(a.history as unknown as HistoryItem[]),
    { at: now.toISOString(), status: input.status, by, ...(input.note ? { note: input.note } : {}) },
  ];
  await tx.monitoringAlert.update({
    where: { id },
    data: { status: input.status, history: history as unknown as Prisma.InputJsonValue },
  });
  await appendAudit(tx, {
    action: input.status === "acknowledged" ? "monitoring.alert_acknowledge" : "monitoring.alert_resolve",
    outcome: "success",
    actor,
    requestId,
    target: { type: "monitoring_alert", id },
    details: { before: { status: from }, after: { status: input.status }, ...(input.note ? { note: input.note } : {}) },
  });
  const row = await tx.monitoringAlert.findFirstOrThrow({
    where: { id },
    include: { rule: true, deliveries: { select: { status: true } } },
  });
  return view(row);
}
