// Verification as a recorded act: verify a tenant's chain, store the result in
// audit_verifications (the Audit page's badge reads the latest), append an audit.verify entry
// when a person asked, and sign a fresh checkpoint into the sink when the chain is intact.
import "server-only";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/runtime";
import { recordChainVerification } from "@/lib/observability/metrics";
import { allTenantIds } from "@/lib/tenancy/system";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import { appendAudit, type AuditActorRef } from "./append";
import { takeCheckpoint } from "./checkpoints";
import { verifyChainFast, type VerifyResult } from "./verify";

export type VerifyTrigger = "scheduled" | "api" | "export" | "cli";

const SYSTEM: AuditActorRef = { kind: "system", subject: "system", authMethod: "system" };

export async function verifyTenant(
  tenantId: string,
  opts: { db?: Database; trigger?: VerifyTrigger; actor?: AuditActorRef; requestId?: string } = {},
): Promise<VerifyResult> {
  const trigger = opts.trigger ?? "scheduled";
  const db = opts.db ?? (await getDb());
  // Verified on the raw driver (its own read transaction), then recorded.
  const r = await verifyChainFast(db, tenantId);
  let slug = tenantId;
  const result = await withTenant(
    tenantId,
    async (tx) => {
      slug = (await tx.tenant.findUnique({ where: { id: tenantId }, select: { slug: true } }))?.slug ?? tenantId;
      await tx.$executeRaw`
        INSERT INTO audit_verifications (tenant_id, verified, checked, first_bad_seq, reason, head_seq, trigger)
        VALUES (${tenantId}, ${r.verified}, ${r.checked}, ${r.first_bad_seq}, ${r.reason}, ${r.head.seq}, ${trigger})`;
      // A broken chain is a security event; a routine scheduled success is not worth an entry.
      if (!r.verified || opts.actor) {
        await appendAudit(tx, {
          action: r.verified ? "audit.verify" : "audit.chain_broken",
          outcome: r.verified ? "success" : "failure",
          actor: opts.actor ?? SYSTEM,
          requestId: opts.requestId,
          details: {
            trigger,
            checked: r.checked,
            first_bad_seq: r.first_bad_seq,
            reason: r.reason,
            head_seq: r.head.seq,
          },
        });
      }
      return r;
    },
    { db },
  );
  // The gauge per tenant: the last result this process saw (scraped as warden_audit_chain_valid).
  recordChainVerification(slug, result.verified);
  if (result.verified) await takeCheckpoint(tenantId, { db });
  return result;
}

/** Verifies every tenant (run by `scripts/audit-verify.ts`, cron, or the optional in-server timer). */
export async function runScheduledVerification(opts: { db?: Database; trigger?: VerifyTrigger } = {}) {
  const out: { tenantId: string; result: VerifyResult }[] = [];
  for (const tenantId of await allTenantIds(opts.db)) {
    out.push({ tenantId, result: await verifyTenant(tenantId, { db: opts.db, trigger: opts.trigger ?? "scheduled" }) });
  }
  return out;
}

export interface LatestVerification {
  verified: boolean;
  checked: number;
  first_bad_seq: number | null;
  reason: string | null;
  checked_at: string;
  trigger: string;
}

export async function latestVerification(tx: TenantTx): Promise<LatestVerification | null> {
  const v = await tx.auditVerification.findFirst({ orderBy: { checkedAt: "desc" } });
  if (!v) return null;
  return {
    verified: v.verified,
    checked: v.checked,
    first_bad_seq: v.firstBadSeq === null ? null : Number(v.firstBadSeq),
    reason: v.reason,
    checked_at: v.checkedAt.toISOString(),
    trigger: v.trigger,
  };
}
