// Monitoring rules: the body of /api/enterprise/compliance/monitoring, validated with the strict condition parser, stored per
// tenant and audited. The POST of /api/enterprise/compliance/monitoring upserts rules by name and
// replaces the notification channels, in one transaction.
import "server-only";
import { z } from "zod";
import { appendAudit, type AuditActorRef } from "@/lib/audit/append";
import { WardenError } from "@/lib/errors";
import { keysetArgs, keysetOf, type Page } from "@/lib/paging";
import { type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";
import { channelsSchema, channelsView, channelsViewSchema, saveChannels } from "@/lib/notifications/settings";
import { ConditionError, parseCondition } from "./condition";

export const RULE_TYPES = ["security_event", "data_access", "budget_usage", "usage", "compliance"] as const;
export const RULE_ACTIONS = ["alert_security_team", "notify_manager", "require_approval"] as const;
export const SEVERITIES = ["high", "medium", "low"] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];
export type Severity = (typeof SEVERITIES)[number];

/** Metrics a require_approval rule can gate on; the power ones mean nothing to the evaluator (lib/monitoring/power.ts). */
const POWER_METRICS: readonly string[] = ["admin_grant", "idp_change"];
const GATE_METRICS: readonly string[] = ["data_export_size", ...POWER_METRICS];

const conditionField = z.string().superRefine((s, ctx) => {
  try {
    parseCondition(s);
  } catch (e) {
    if (e instanceof ConditionError) ctx.addIssue({ code: "custom", message: e.message });
    else throw e;
  }
});

export const ruleSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    type: z.enum(RULE_TYPES),
    condition: conditionField,
    action: z.enum(RULE_ACTIONS),
    severity: z.enum(SEVERITIES),
    enabled: z.boolean().default(true),
  })
  .superRefine((r, ctx) => {
    // Only a gated action can wait for approval: an export measured by its size, or a change of
    // power (lib/monitoring/power.ts). The power metrics mean nothing to the evaluator.
    const metric = /^\s*([A-Za-z_]+)/.exec(r.condition)?.[1] ?? "";
    if (r.action === "require_approval" && !GATE_METRICS.includes(metric)) {
      ctx.addIssue({
        code: "custom",
        path: ["action"],
        message:
          "require_approval gates an action before it runs: use it with data_export_size (e.g. data_export_size > 1GB), admin_grant or idp_change",
      });
    }
    if (r.action !== "require_approval" && POWER_METRICS.includes(metric)) {
      ctx.addIssue({
        code: "custom",
        path: ["action"],
        message: `${metric} describes a change about to be made: use it with require_approval`,
      });
    }
  });
export type RuleInput = z.infer<typeof ruleSchema>;

export const monitoringBodySchema = z.object({
  monitoring_rules: z.array(ruleSchema).max(100),
  notification_channels: channelsSchema.optional(),
});

/** A monitoring rule as /v1/monitoring/rules sends it. */
export const ruleView = z
  .object({
    id: z.string(),
    name: z.string(),
    type: z.enum(RULE_TYPES),
    condition: z.string().describe("As normalized by the parser, e.g. failed_logins > 10 in 1h"),
    action: z.enum(RULE_ACTIONS),
    severity: z.enum(SEVERITIES),
    enabled: z.boolean(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: "MonitoringRule" });
export type RuleView = z.infer<typeof ruleView>;

/** The monitoring configuration as one document (GET, POST /v1/compliance/monitoring). */
export const monitoringConfigView = z
  .object({ monitoring_rules: z.array(ruleView), notification_channels: channelsViewSchema })
  .meta({ id: "MonitoringConfig" });

type Row = {
  id: string;
  name: string;
  type: string;
  condition: string;
  action: string;
  severity: string;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
};
export const toRuleView = (r: Row): RuleView => ({
  id: r.id,
  name: r.name,
  type: r.type as RuleView["type"],
  condition: r.condition,
  action: r.action as (typeof RULE_ACTIONS)[number],
  severity: r.severity as RuleView["severity"],
  enabled: r.enabled,
  created_at: r.createdAt.toISOString(),
  updated_at: r.updatedAt.toISOString(),
});

/** Every rule, oldest first: the monitoring configuration document and the console's rule list. */
export async function listRules(tx: TenantTx): Promise<RuleView[]> {
  return (await tx.monitoringRule.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map(toRuleView);
}

/** One page of rules, oldest first (GET /v1/monitoring/rules). */
export async function pageRules(tx: TenantTx, page: Page): Promise<{ data: RuleView[]; next_cursor: string | null }> {
  const rows = await tx.monitoringRule.findMany(keysetArgs(page, "createdAt", undefined, "asc"));
  const out = keysetOf(rows, page, (r) => r.createdAt);
  return { data: out.data.map(toRuleView), next_cursor: out.next_cursor };
}

function normalized(input: RuleInput) {
  return { ...input, condition: parseCondition(input.condition).text };
}

export async function createRule(
  tx: TenantTx,
  actor: AuditActorRef,
  input: RuleInput,
  requestId?: string,
): Promise<RuleView> {
  const tenantId = await tenantIdOf(tx);
  const data = normalized(input);
  if (await tx.monitoringRule.findFirst({ where: { name: data.name } }))
    throw new WardenError("conflict", `A rule named '${data.name}' already exists`);
  const row = await tx.monitoringRule.create({ data: { tenantId, ...data, createdBy: actor.userId ?? actor.subject } });
  await appendAudit(tx, {
    action: "monitoring.rule_create",
    outcome: "success",
    actor,
    requestId,
    target: { type: "monitoring_rule", id: row.id },
    details: { after: data },
  });
  return toRuleView(row);
}

export async function updateRule(
  tx: TenantTx,
  actor: AuditActorRef,
  id: string,
  input: RuleInput,
  requestId?: string,
): Promise<RuleView> {
  const before = await tx.monitoringRule.findFirst({ where: { id } });
  if (!before) throw new WardenError("not_found", "No such monitoring rule");
  const data = normalized(input);
  if (data.name !== before.name && (await tx.monitoringRule.findFirst({ where: { name: data.name } })))
    throw new WardenError("conflict", `A rule named '${data.name}' already exists`);
  const row = await tx.monitoringRule.update({ where: { id }, data });
  const pick = (r: Row) => ({
    name: r.name,
    type: r.type,
    condition: r.condition,
    action: r.action,
    severity: r.severity,
    enabled: r.enabled,
  });
  await appendAudit(tx, {
    action: "monitoring.rule_update",
    outcome: "success",
    actor,
    requestId,
    target: { type: "monitoring_rule", id },
    details: { before: pick(before), after: pick(row) },
  });
  return toRuleView(row);
}

export async function deleteRule(tx: TenantTx, actor: AuditActorRef, id: string, requestId?: string): Promise<void> {
  const before = await tx.monitoringRule.findFirst({ where: { id } });
  if (!before) throw new WardenError("not_found", "No such monitoring rule");
  await tx.monitoringRule.delete({ where: { id } });
  await appendAudit(tx, {
    action: "monitoring.rule_delete",
    outcome: "success",
    actor,
    requestId,
    target: { type: "monitoring_rule", id },
    details: { before: { name: before.name, condition: before.condition } },
  });
}

/** POST /api/enterprise/compliance/monitoring: upserts each rule by name, then replaces the channels if given. */
export async function applyMonitoringConfig(
  tx: TenantTx,
  actor: AuditActorRef,
  body: z.infer<typeof monitoringBodySchema>,
  requestId?: string,
) {
  const names = new Set<string>();
  for (const r of body.monitoring_rules) {
    if (names.has(r.name))
      throw new WardenError("invalid_request", `Rule '${r.name}' appears twice in monitoring_rules`);
    names.add(r.name);
  }
  const rules: RuleView[] = [];
  for (const r of body.monitoring_rules) {
    const existing = await tx.monitoringRule.findFirst({ where: { name: r.name } });
    rules.push(
      existing ? await updateRule(tx, actor, existing.id, r, requestId) : await createRule(tx, actor, r, requestId),
    );
  }
  if (body.notification_channels) await saveChannels(tx, actor, body.notification_channels, requestId);
  return { monitoring_rules: rules, notification_channels: await channelsView(tx) };
}
