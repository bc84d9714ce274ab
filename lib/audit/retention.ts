// Retention per tenant (audit_settings.retention_days). Pruning removes the oldest contiguous
// run of entries and leaves a signed anchor (the last removed seq and hash) in audit_checkpoints,
// so verification resumes from the anchor and the remaining chain still verifies. It is a tenant
// transaction like any other; the application role cannot delete audit entries, so the delete is
// warden_system.prune_audit_entries (ADR 0014), which removes entries only behind an anchor that
// records them and only past the tenant's retention. A chain that does not verify is never pruned
// (that would destroy evidence).
import "server-only";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/runtime";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { appendAudit } from "./append";
import { insertCheckpoint } from "./checkpoints";
import { verifyChain } from "./verify";

export interface PruneResult {
  pruned: number;
  anchor_seq: number | null;
  skipped?: string;
}

export async function pruneTenant(tenantId: string, opts: { db?: Database; now?: Date } = {}): Promise<PruneResult> {
  const db = opts.db ?? (await getDb());
  return withTenant(
    tenantId,
    async (tx) => {
      const settings = await tx.auditSettings.findUnique({ where: { tenantId } });
      if (!settings?.retentionDays) return { pruned: 0, anchor_seq: null, skipped: "no retention configured" };
      const check = await verifyChain(tx);
      if (!check.verified) return { pruned: 0, anchor_seq: null, skipped: `chain does not verify: ${check.reason}` };
      const cutoff = new Date((opts.now ?? new Date()).getTime() - settings.retentionDays * 86_400_000);
      // Never prune the newest entry: the anchor must be followed by the live chain.
      const rows = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`
        SELECT seq, hash FROM audit_entries
         WHERE tenant_id = ${tenantId} AND ts < ${cutoff.toISOString()}::timestamptz AND seq < ${check.head.seq}
         ORDER BY seq DESC LIMIT 1`;
      if (!rows[0]) return { pruned: 0, anchor_seq: null };
      const seq = Number(rows[0].seq);
      await insertCheckpoint(tx, seq, rows[0].hash, "anchor");
      const [{ n }] = await tx.$queryRaw<
        { n: bigint }[]
      >`SELECT warden_system.prune_audit_entries(${tenantId}, ${seq}::bigint) AS n`;
      const pruned = Number(n);
      await appendAudit(tx, {
        action: "audit.prune",
        outcome: "success",
        actor: { kind: "system", subject: "system", authMethod: "system" },
        details: { retention_days: settings.retentionDays, pruned, anchor_seq: seq },
      });
      return { pruned, anchor_seq: seq };
    },
    { db, timeout: 300_000 },
  );
}
