// Data subject requests: access (export bundle) and erasure, as a workflow requested -> approved
// -> completed (or rejected), with the legal deadline (GDPR Art. 12(3): one month from receipt,
// here 30 days). Every step is an audit entry privacy.request.<step>; completion of an erasure
// runs lib/privacy/erasure.ts in the same transaction.
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { actorRefOf, appendAudit, auditActor } from "@/lib/audit/append";
import { WardenError } from "@/lib/errors";
import { keysetArgs, keysetOf, pageQuery, type Page } from "@/lib/paging";
import { forgetSignInAttempts } from "@/lib/tenancy/system";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import { buildBundle } from "./bundle";
import { eraseSubject } from "./erasure";

export const REQUEST_KINDS = ["access", "erasure"] as const;
export const REQUEST_STATUSES = ["requested", "approved", "completed", "rejected"] as const;
export const DEADLINE_DAYS = 30;

export const requestCreateSchema = z.object({
  kind: z.enum(REQUEST_KINDS).describe("access: an export bundle; erasure: the person is erased on completion"),
  user_id: z.string().min(1).max(100).describe("The data subject's user id"),
  /** Free text for the case file; cleared when the person is erased. */
  note: z.string().max(2000).optional(),
});
export const requestRejectSchema = z.object({ reason: z.string().min(1).max(500) });

type Row = {
  id: string;
  kind: string;
  subjectUserId: string;
  status: string;
  note: string | null;
  dueAt: Date;
  requestedBy: string;
  approvedBy: string | null;
  approvedAt: Date | null;
  completedBy: string | null;
  completedAt: Date | null;
  rejectedReason: string | null;
  result: unknown;
  createdAt: Date;
};
/** A data subject request as /v1/privacy/requests sends it. */
export const requestView = z
  .object({
    id: z.string(),
    kind: z.enum(REQUEST_KINDS),
    user_id: z.string().describe("The data subject"),
    status: z.enum(REQUEST_STATUSES),
    note: z.string().nullable(),
    due_at: z.iso.datetime().describe(`The legal deadline: ${DEADLINE_DAYS} days after receipt`),
    overdue: z.boolean(),
    days_left: z
      .number()
      .int()
      .nullable()
      .describe("Days until the deadline while open (negative when overdue); null once closed"),
    requested_by: z.string(),
    approved_by: z.string().nullable(),
    approved_at: z.iso.datetime().nullable(),
    completed_by: z.string().nullable().describe("Who completed or rejected it"),
    completed_at: z.iso.datetime().nullable(),
    rejected_reason: z.string().nullable(),
    result: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe("What completion did: counts only, never personal data"),
    created_at: z.iso.datetime(),
  })
  .meta({ id: "PrivacyRequest" });
export type RequestView = z.infer<typeof requestView>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function shapeRequest(r: Row, now = new Date()): RequestView {
  const open = r.status === "requested" || r.status === "approved";
  return {
    id: r.id,
    kind: r.kind as RequestView["kind"],
    user_id: r.subjectUserId,
    status: r.status as RequestView["status"],
    note: r.note,
    due_at: r.dueAt.toISOString(),
    overdue: open && r.dueAt.getTime() < now.getTime(),
    days_left: open ? Math.ceil((r.dueAt.getTime() - now.getTime()) / 86_400_000) : null,
    requested_by: r.requestedBy,
    approved_by: r.approvedBy,
    approved_at: iso(r.approvedAt),
    completed_by: r.completedBy,
    completed_at: iso(r.completedAt),
    rejected_reason: r.rejectedReason,
    result: (r.result as Record<string, unknown> | null) ?? null,
    created_at: r.createdAt.toISOString(),
  };
}

export const requestListQuery = pageQuery.extend({ status: z.enum(REQUEST_STATUSES).optional() });

/** Data subject requests, newest first, one page. */
export async function listRequests(tx: TenantTx, q: Page & { status?: string }) {
  const rows = await tx.privacyRequest.findMany(keysetArgs(q, "createdAt", q.status ? { status: q.status } : {}));
  const page = keysetOf(rows, q, (r) => r.createdAt);
  return { data: page.data.map((r) => shapeRequest(r)), next_cursor: page.next_cursor };
}

export async function getRequest(tx: TenantTx, id: string) {
  const r = await tx.privacyRequest.findUnique({ where: { id } });
  if (!r) throw new WardenError("not_found", "Request not found");
  return r;
}

const refOf = (actor: Actor) => actorRefOf(actor.tenantId, auditActor(actor));

type Step =
  | "privacy.request.created"
  | "privacy.request.approved"
  | "privacy.request.rejected"
  | "privacy.request.completed"
  | "privacy.request.exported";

async function audit(
  tx: TenantTx,
  actor: Actor,
  action: Step,
  r: { id: string; kind: string; subjectUserId: string },
  details: Record<string, unknown> = {},
) {
  await appendAudit(tx, {
    action,
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "privacy_request", id: r.id },
    details: { kind: r.kind, subject_user_id: r.subjectUserId, ...details },
    requestId: actor.requestId,
  });
}

export async function createRequest(
  tx: TenantTx,
  actor: Actor,
  v: z.infer<typeof requestCreateSchema>,
  now = new Date(),
) {
  const user = await tx.user.findUnique({ where: { id: v.user_id }, select: { id: true } });
  if (!user) throw new WardenError("not_found", "User not found");
  const r = await tx.privacyRequest.create({
    data: {
      tenantId: actor.tenantId,
      kind: v.kind,
      subjectUserId: v.user_id,
      note: v.note ?? null,
      createdAt: now,
      dueAt: new Date(now.getTime() + DEADLINE_DAYS * 86_400_000),
      requestedBy: refOf(actor),
    },
  });
  await audit(tx, actor, "privacy.request.created", r, { due_at: r.dueAt.toISOString() });
  return shapeRequest(r);
}

function expect(r: { status: string }, allowed: string[], step: string) {
  if (!allowed.includes(r.status)) throw new WardenError("conflict", `A ${r.status} request cannot be ${step}`);
}

export async function approveRequest(tx: TenantTx, actor: Actor, id: string) {
  const r = await getRequest(tx, id);
  expect(r, ["requested"], "approved");
  const u = await tx.privacyRequest.update({
    where: { id },
    data: { status: "approved", approvedBy: refOf(actor), approvedAt: new Date() },
  });
  await audit(tx, actor, "privacy.request.approved", u);
  return shapeRequest(u);
}

export async function rejectRequest(tx: TenantTx, actor: Actor, id: string, reason: string) {
  const r = await getRequest(tx, id);
  expect(r, ["requested", "approved"], "rejected");
  const u = await tx.privacyRequest.update({
    where: { id },
    data: { status: "rejected", rejectedReason: reason, completedBy: refOf(actor), completedAt: new Date() },
  });
  await audit(tx, actor, "privacy.request.rejected", u);
  return shapeRequest(u);
}

/** Completes an approved request: an access request records what the bundle holds, an erasure erases. */
export async function completeRequest(
  tx: TenantTx,
  actor: Actor,
  id: string,
): Promise<{ request: RequestView; erasedEmail?: string }> {
  const r = await getRequest(tx, id);
  expect(r, ["approved"], "completed");
  let result: Record<string, unknown>;
  let erasedEmail: string | undefined;
  if (r.kind === "erasure") {
    const e = await eraseSubject(tx, r.subjectUserId, r.id);
    result = { ...e.result };
    erasedEmail = e.email;
  } else {
    const b = await buildBundle(tx, r.subjectUserId);
    result = {
      memberships: b.memberships.length,
      api_keys: b.api_keys.length,
      virtual_keys: b.virtual_keys.length,
      usage_records: b.usage.length,
      consents: b.consents.length,
      audit_entries: b.audit_entries.length,
      stored_bodies: b.stored_bodies.length,
    };
  }
  const u = await tx.privacyRequest.update({
    where: { id },
    data: { status: "completed", completedBy: refOf(actor), completedAt: new Date(), result: result as object },
  });
  await audit(tx, actor, "privacy.request.completed", u, { result });
  return { request: shapeRequest(u), erasedEmail };
}

/** The export bundle of an access request (approved or completed); its download is audited. */
export async function exportForRequest(tx: TenantTx, actor: Actor, id: string) {
  const r = await getRequest(tx, id);
  if (r.kind !== "access") throw new WardenError("invalid_request", "Only access requests have an export bundle");
  expect(r, ["approved", "completed"], "exported");
  const bundle = await buildBundle(tx, r.subjectUserId);
  await audit(tx, actor, "privacy.request.exported", r, {
    audit_entries: bundle.audit_entries.length,
    usage_records: bundle.usage.length,
  });
  return bundle;
}

/**
 * Completes a request in its own tenant transaction, then (after commit) forgets the erased
 * person's sign-in throttle rows, which live in a pre-tenant table.
 */
export async function completeRequestCommitted(actor: Actor, id: string): Promise<RequestView> {
  const out = await withTenant(actor, (tx) => completeRequest(tx, actor, id));
  if (out.erasedEmail) await forgetSignInAttempts(out.erasedEmail);
  return out.request;
}
