// Consent per person and purpose, with full history: every grant or withdrawal is a new row (who
// recorded it, from which source, when) and an audit entry (consent.granted|withdrawn); the newest
// row is the current state. The gateway stores bodies only under a current prompt_logging grant.
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { actorRefOf, appendAudit, auditActor } from "@/lib/audit/append";
import { WardenError } from "@/lib/errors";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { invalidateTenantPrivacy } from "./policy-cache";

export const CONSENT_PURPOSES = ["prompt_logging", "usage_analytics", "product_emails"] as const;
export const CONSENT_SOURCES = ["console", "api", "self_service", "import"] as const;

export const consentSchema = z.object({
  user_id: z.string().min(1).max(100),
  purpose: z.enum(CONSENT_PURPOSES),
  status: z.enum(["granted", "withdrawn"]),
  source: z.enum(CONSENT_SOURCES).default("api"),
});

type Row = { id: string; userId: string; purpose: string; status: string; source: string; recordedBy: string; at: Date };
const shape = (r: Row) => ({ id: r.id, user_id: r.userId, purpose: r.purpose, status: r.status, source: r.source, recorded_by: r.recordedBy, at: r.at });
export type ConsentView = ReturnType<typeof shape>;

export async function recordConsent(tx: TenantTx, actor: Actor, v: z.infer<typeof consentSchema>) {
  const user = await tx.user.findUnique({ where: { id: v.user_id }, select: { id: true } });
  if (!user) throw new WardenError("not_found", "User not found");
  const r = await tx.consentRecord.create({
    data: { tenantId: actor.tenantId, userId: v.user_id, purpose: v.purpose, status: v.status, source: v.source, recordedBy: actorRefOf(actor.tenantId, auditActor(actor)) },
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

/** Current state per (user, purpose) plus each pair's history, newest first. */
export async function listConsents(tx: TenantTx, opts: { userId?: string } = {}) {
  const rows = await tx.consentRecord.findMany({ where: opts.userId ? { userId: opts.userId } : {}, orderBy: [{ at: "desc" }, { id: "desc" }], take: 2000 });
  const byPair = new Map<string, { user_id: string; purpose: string; status: string; at: Date; history: ConsentView[] }>();
  for (const r of rows) {
    const k = `${r.userId}|${r.purpose}`;
    let e = byPair.get(k);
    if (!e) byPair.set(k, (e = { user_id: r.userId, purpose: r.purpose, status: r.status, at: r.at, history: [] }));
    e.history.push(shape(r));
  }
  return { data: [...byPair.values()], next_cursor: null };
}
