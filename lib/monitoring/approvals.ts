// The approval gate for require_approval rules. A caller about to perform a gated action asks:
//
//   const gate = await approvalGate(tx, tenantId, { action, params, measures, approvalId, actor, requestId });
//   if (!gate.allowed) return Response.json(gateResponse(gate), { status: 202 });
//   ... perform the action ...
//
// When an enabled require_approval rule matches the measures (e.g. data_export_size > 1GB), the
// action is NOT performed: an approval request is created (or the requester's pending one for the
// same parameters reused), an alert is raised, and the caller answers 202 with the approval id.
// Another admin approves or rejects it (the requester never can, enforced here); the requester
// then repeats the call with approval_id, which is consumed once. Every step is audited.
import "server-only";
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { z } from "zod";
import { appendAudit, type AuditActorRef } from "@/lib/audit/append";
import { WardenError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { keysetArgs, keysetOf, pageQuery, type Page } from "@/lib/paging";
import { type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";
import { raiseAlert } from "./alerts";
import { compare, formatBytes, METRICS, parseCondition, type Metric } from "./condition";

export interface GateRequest {
  /** The gated action, e.g. "audit.export". */
  action: string;
  /** Exactly what will be done; an approval covers these parameters only. */
  params: Record<string, unknown>;
  /** Measured values of the action, e.g. { data_export_size: bytes }. */
  measures: Partial<Record<Metric, number>>;
  /** Given when the caller repeats the action after approval. */
  approvalId?: string | null;
  actor: AuditActorRef;
  requestId?: string;
  /**
   * Repeating the same action without approval_id uses the requester's approved, unused approval
   * for exactly these parameters (the console's changes of power, lib/monitoring/power.ts: the
   * person simply repeats the change). Exports keep asking for approval_id.
   */
  useApproved?: boolean;
}

export const APPROVAL_STATUSES = ["pending", "approved", "rejected", "consumed"] as const;

/** An approval request as /v1/approvals sends it. */
export const approvalView = z
  .object({
    id: z.string(),
    action: z
      .string()
      .describe(
        "The gated action: audit.export, report.create, or a change of power (user.create, user.update, role.create, role.update, identity_provider.create|update|delete)",
      ),
    status: z.enum(APPROVAL_STATUSES),
    reason: z.string().describe("Which rule held the action and why"),
    params: z
      .record(z.string(), z.unknown())
      .describe("Exactly what will be done; the approval covers these parameters only"),
    measures: z.record(z.string(), z.number()).describe("The measured values, e.g. data_export_size in bytes"),
    rule_id: z.string().nullable(),
    requested_by: z.string().describe("The requester's user id (or key id)"),
    decided_by: z.string().nullable(),
    decided_at: z.iso.datetime().nullable(),
    decision_note: z.string().nullable(),
    consumed_at: z.iso.datetime().nullable().describe("When the requester used the approval (once)"),
    created_at: z.iso.datetime(),
  })
  .meta({ id: "Approval" });
export type ApprovalView = z.infer<typeof approvalView>;

export type GateResult =
  { allowed: true; approval: ApprovalView | null } | { allowed: false; approval: ApprovalView; message: string };

type Row = Prisma.ApprovalRequestGetPayload<object>;
const view = (r: Row): ApprovalView => ({
  id: r.id,
  action: r.action,
  status: r.status as ApprovalView["status"],
  reason: r.reason,
  params: r.params as Record<string, unknown>,
  measures: r.measures as Record<string, number>,
  rule_id: r.ruleId,
  requested_by: r.requestedBy,
  decided_by: r.decidedBy,
  decided_at: r.decidedAt?.toISOString() ?? null,
  decision_note: r.decisionNote,
  consumed_at: r.consumedAt?.toISOString() ?? null,
  created_at: r.createdAt.toISOString(),
});

/** The rule action this gate enforces. */
const GATED = "require_approval";
const who = (a: AuditActorRef) => a.userId ?? a.subject;
export const paramsHashOf = (action: string, params: Record<string, unknown>) =>
  createHash("sha256")
    .update(canonicalize({ action, params }) ?? "")
    .digest("hex");
const fmt = (m: Metric, v: number) => (m === "data_export_size" ? formatBytes(v) : m === "usage" ? `${v}%` : String(v));

export async function approvalGate(tx: TenantTx, req: GateRequest, now: Date = new Date()): Promise<GateResult> {
  const tenantId = await tenantIdOf(tx);
  const rules = await tx.monitoringRule.findMany({
    where: { enabled: true, action: GATED },
    orderBy: { createdAt: "asc" },
  });
  const matched = rules
    .map((r) => ({ r, c: parseCondition(r.condition) }))
    .find(({ c }) => req.measures[c.metric] !== undefined && compare(req.measures[c.metric]!, c.op, c.threshold));
  if (!matched) return { allowed: true, approval: null };
  const { r: rule, c } = matched;
  const paramsHash = paramsHashOf(req.action, req.params);
  const requester = who(req.actor);

  const approvalId =
    req.approvalId ??
    (req.useApproved
      ? (
          await tx.approvalRequest.findFirst({
            where: { status: "approved", paramsHash, requestedBy: requester },
            orderBy: { createdAt: "asc" },
            select: { id: true },
          })
        )?.id
      : undefined);
  if (approvalId) {
    const a = await tx.approvalRequest.findFirst({ where: { id: approvalId } });
    if (!a || a.action !== req.action || a.paramsHash !== paramsHash)
      throw new WardenError("invalid_request", "approval_id does not match this action and its parameters");
    if (a.requestedBy !== requester)
      throw new WardenError("user_not_authorized", "This approval was granted to another requester");
    if (a.status === "pending")
      return { allowed: false, approval: view(a), message: `Approval ${a.id} is still waiting for another admin` };
    if (a.status === "rejected")
      throw new WardenError(
        "approval_required",
        `Approval ${a.id} was rejected${a.decisionNote ? `: ${a.decisionNote}` : ""}`,
      );
    if (a.status === "consumed")
      throw new WardenError("conflict", `Approval ${a.id} was already used; request a new one`);
    const used = await tx.approvalRequest.update({
      where: { id: a.id },
      data: { status: "consumed", consumedAt: now },
    });
    await appendAudit(tx, {
      action: "approval.consume",
      outcome: "success",
      actor: req.actor,
      requestId: req.requestId,
      target: { type: "approval_request", id: a.id },
      details: { action: a.action, approved_by: a.decidedBy },
    });
    return { allowed: true, approval: view(used) };
  }

  const measured = req.measures[c.metric]!;
  const reason =
    METRICS[c.metric].kind === "flag"
      ? `${rule.name}: ${req.action} matches '${c.text}'`
      : `${rule.name}: ${c.metric} ${fmt(c.metric, measured)} matches '${c.text}'`;
  const existing = await tx.approvalRequest.findFirst({
    where: { status: "pending", paramsHash, requestedBy: requester },
    orderBy: { createdAt: "desc" },
  });
  const a =
    existing ??
    (await tx.approvalRequest.create({
      data: {
        tenantId,
        ruleId: rule.id,
        action: req.action,
        paramsHash,
        params: req.params as Prisma.InputJsonValue,
        measures: req.measures as Prisma.InputJsonValue,
        reason,
        requestedBy: requester,
        createdAt: now,
      },
    }));
  if (!existing) {
    await appendAudit(tx, {
      action: "approval.request",
      outcome: "success",
      actor: req.actor,
      requestId: req.requestId,
      target: { type: "approval_request", id: a.id },
      details: { action: req.action, rule_id: rule.id, measures: req.measures },
    });
    await raiseAlert(
      tx,
      rule,
      {
        key: `approval:${a.id}`,
        value: measured,
        label:
          c.metric === "data_export_size"
            ? `${req.action} of ${fmt(c.metric, measured)} is waiting for approval`
            : `${req.action} is waiting for approval`,
        evidence: [{ label: "Approvals queue", href: `/monitoring?approval=${a.id}#approvals` }],
      },
      now,
      { approval_id: a.id },
    );
  }
  return {
    allowed: false,
    approval: view(a),
    message: `${reason}. The action needs a second admin's approval: approval ${a.id} is pending; repeat the request with approval_id=${a.id} once it is approved.`,
  };
}

/** The 202 body for a blocked action. */
export function gateResponse(g: Extract<GateResult, { allowed: false }>) {
  return { status: "approval_required", approval_id: g.approval.id, approval: g.approval, message: g.message };
}

export const decisionSchema = z.object({
  note: z.string().trim().max(500).optional().describe("Kept with the decision and in the audit entry"),
});

/**
 * Approve or reject. A requester deciding their own request is refused and the refusal is
 * audited: the result carries the error so the caller can commit the audit entry and then fail.
 */
export async function decideApproval(
  tx: TenantTx,
  actor: AuditActorRef,
  id: string,
  decision: "approve" | "reject",
  note: string | undefined,
  requestId?: string,
  now = new Date(),
): Promise<{ ok: true; approval: ApprovalView } | { ok: false; error: WardenError }> {
  const a = await tx.approvalRequest.findFirst({ where: { id } });
  if (!a) throw new WardenError("not_found", "No such approval request");
  if (a.requestedBy === who(actor)) {
    await appendAudit(tx, {
      action: decision === "approve" ? "approval.approve" : "approval.reject",
      outcome: "denied",
      actor,
      requestId,
      target: { type: "approval_request", id },
      details: { reason: "the requester cannot decide their own request" },
    });
    return {
      ok: false,
      error: new WardenError(
        "user_not_authorized",
        "You requested this action; another admin must approve or reject it",
      ),
    };
  }
  if (a.status !== "pending") throw new WardenError("conflict", `This request is already ${a.status}`);
  const row = await tx.approvalRequest.update({
    where: { id },
    data: {
      status: decision === "approve" ? "approved" : "rejected",
      decidedBy: who(actor),
      decidedAt: now,
      decisionNote: note ?? null,
    },
  });
  await appendAudit(tx, {
    action: decision === "approve" ? "approval.approve" : "approval.reject",
    outcome: "success",
    actor,
    requestId,
    target: { type: "approval_request", id },
    details: {
      action: a.action,
      requested_by: a.requestedBy,
      before: { status: "pending" },
      after: { status: row.status },
    },
  });
  return { ok: true, approval: view(row) };
}

export const approvalListQuery = pageQuery.extend({ status: z.enum([...APPROVAL_STATUSES, "all"]).default("all") });

/** Approval requests, newest first, one page. */
export async function listApprovals(
  tx: TenantTx,
  q: Page & { status: z.infer<typeof approvalListQuery>["status"] },
): Promise<{ data: ApprovalView[]; next_cursor: string | null }> {
  const rows = await tx.approvalRequest.findMany(
    keysetArgs(q, "createdAt", q.status !== "all" ? { status: q.status } : {}),
  );
  const page = keysetOf(rows, q, (r) => r.createdAt);
  return { data: page.data.map(view), next_cursor: page.next_cursor };
}
