// Consent per person and purpose, with full history: every grant or withdrawal is a new row (who
// recorded it, from which source, when) and an audit entry (consent.granted|withdrawn); the newest
// row is the current state. The gateway stores bodies only under a current prompt_logging grant.
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { actorRefOf, appendAudit, auditActor } from "@/lib/audit/append";
import { WardenError } from "@/lib/errors";
import { decodeCursor, encodeCursor, pageQuery, type Page } from "@/lib/paging";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { invalidateTenantPrivacy } from "./policy-cache";

export const CONSENT_PURPOSES = ["prompt_logging", "usage_analytics", "product_emails"] as const;
export const CONSENT_SOURCES = ["console", "api", "self_service", "import"] as const;

export const consentSchema = z.object({
  user_id: z.string().min(1).max(100).describe("The person's user id"),
  purpose: z.enum(CONSENT_PURPOSES),
  status: z.enum(["granted", "withdrawn"]),
  source: z.enum(CONSENT_SOURCES).default("api"),
});

/** One consent record: a grant or withdrawal, who recorded it, from where, when. */
export const consentRecordView = z
  .object({
    id: z.string(),
    user_id: z.string(),
    purpose: z.enum(CONSENT_PURPOSES),
    status: z.enum(["granted", "withdrawn"]),
    source: z.enum(CONSENT_SOURCES),
    recorded_by: z.string(),
    at: z.iso.datetime(),
  })
  .meta({ id: "ConsentRecord" });
export type ConsentView = z.infer<typeof consentRecordView>;

/** One (person, purpose) pair: its current state (the newest record) and its history, newest first. */
export const consentStateView = z
  .object({
    user_id: z.string(),
    purpose: z.enum(CONSENT_PURPOSES),
    status: z.enum(["granted", "withdrawn"]).describe("The current state"),
    at: z.iso.datetime().describe("When the current state was recorded"),
    history: z.array(consentRecordView),
  })
  .meta({ id: "ConsentState" });
export type ConsentStateView = z.infer<typeof consentStateView>;

type Row = {
  id: string;
  userId: string;
  purpose: string;
  status: string;
  source: string;
  recordedBy: string;
  at: Date;
};
const shape = (r: Row): ConsentView => ({
  id: r.id,
  user_id: r.userId,
  purpose: r.purpose as ConsentView["purpose"],
  status: r.status as ConsentView["status"],
  source: r.source as ConsentView["source"],
  recorded_by: r.recordedBy,
  at: r.at.toISOString(),
});

export async function recordConsent(tx: TenantTx, actor: Actor, v: z.infer<typeof consentSchema>) {
  const user = await tx.user.findUnique({ where: { id: v.user_id }, select: { id: true } });
  if (!user) throw new WardenError("not_found", "User not found");
  const r = await tx.consentRecord.create({
    data: {
      tenantId: actor.tenantId,
      userId: v.user_id,
      purpose: v.purpose,
      status: v.status,
      source: v.source,
      recordedBy: actorRefOf(actor.tenantId, auditActor(actor)),
    },
  });
  await appendAudit(tx, {
    action: v.status === "granted" ? "consent.granted" : "consent.withdrawn",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "user", id: v.user_id },
    details: { purpose: v.purpose, source: v.source, consent_id: r.id },
    requestId: actor.requestId,
  });
  invalidateTenantPrivacy(actor.tenantId);
  return shape(r);
}

export const consentListQuery = pageQuery.extend({
  user_id: z.string().max(100).optional().describe("Only this person's consents"),
});

/**
 * One page of (user, purpose) pairs, ordered by user id then purpose: each with its current state
 * (the newest record) and its whole history, newest first. The cursor is the page's last pair.
 */
export async function listConsents(tx: TenantTx, q: Page & { user_id?: string }) {
  const after = q.cursor ? decodeCursor(q.cursor, 2) : null;
  const filter = q.user_id ? { userId: q.user_id } : {};
  const keyset = after ? { OR: [{ userId: { gt: after[0] } }, { userId: after[0], purpose: { gt: after[1] } }] } : {};
  const pairs = await tx.consentRecord.groupBy({
    by: ["userId", "purpose"],
    where: { AND: [filter, keyset] },
    orderBy: [{ userId: "asc" }, { purpose: "asc" }],
    take: q.limit + 1,
  });
  const onPage = pairs.slice(0, q.limit);
  const rows = onPage.length
    ? await tx.consentRecord.findMany({
        where: { OR: onPage.map((p) => ({ userId: p.userId, purpose: p.purpose })) },
        orderBy: [{ at: "desc" }, { id: "desc" }],
      })
    : [];
  const data = onPage.map((p): ConsentStateView => {
    const history = rows.filter((r) => r.userId === p.userId && r.purpose === p.purpose).map(shape);
    return {
      user_id: p.userId,
      purpose: p.purpose as ConsentStateView["purpose"],
      status: history[0].status,
      at: history[0].at,
      history,
    };
  });
  const last = onPage[onPage.length - 1];
  return { data, next_cursor: pairs.length > q.limit ? encodeCursor(last.userId, last.purpose) : null };
}
