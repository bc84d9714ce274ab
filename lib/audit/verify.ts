// Chain verification. Recomputes every entry's HMAC from its sealed fields and names the first
// bad seq: an edited entry (hash mismatch), a deleted one (gap), an inserted or reordered one
// (prev_hash / seq / hash mismatch), and a truncated tail — against the head row AND the highest
// signed checkpoint from the table and from the file sink, so rewinding audit_heads is not enough.
import "server-only";
import { z } from "zod";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { GENESIS_HASH, sealHash, sealedOf, type EntryRow } from "./chain";
import { checkpointSignatureValid, readSink, type Checkpoint } from "./checkpoints";

/** GET /v1/audit/verify's answer: the chain recomputed now. */
export const verifyResultSchema = z.object({
  verified: z.boolean(),
  checked: z.number().int().describe("Entries whose hash was recomputed"),
  first_bad_seq: z.number().int().nullable().describe("The first entry that does not verify (edited, missing, inserted or reordered)"),
  reason: z.string().nullable(),
  head: z.object({ seq: z.number().int(), hash: z.string() }).describe("The chain's head as recorded"),
  checkpoint: z.object({ seq: z.number().int(), source: z.enum(["table", "file"]) }).nullable().describe("The highest signed checkpoint the chain was held against"),
  checked_at: z.iso.datetime(),
});
export type VerifyResult = z.infer<typeof verifyResultSchema>;

const BATCH = 5000;

type CheckpointRow = Omit<Checkpoint, "seq" | "signed_at"> & { seq: bigint; signed_at: Date };

async function loadCheckpoints(tx: TenantTx, tenantId: string) {
  const rows = await tx.$queryRaw<CheckpointRow[]>`
    SELECT tenant_id, seq, hash, signed_at, signature, key_id, kind FROM audit_checkpoints WHERE tenant_id = ${tenantId} ORDER BY seq`;
  const table = rows.map((r) => ({ ...r, seq: Number(r.seq), signed_at: r.signed_at.toISOString() }) as Checkpoint);
  const forged = table.find((c) => !checkpointSignatureValid(c));
  const file = readSink(tenantId);
  return { table, file, forged };
}

export async function verifyChain(tx: TenantTx, tenantId: string): Promise<VerifyResult> {
  const checked_at = new Date().toISOString();
  const { table, file, forged } = await loadCheckpoints(tx, tenantId);
  let checked = 0;
  let head = { seq: 0, hash: GENESIS_HASH };
  const fail = (seq: number | null, reason: string): VerifyResult => ({ verified: false, checked, first_bad_seq: seq, reason, head, checkpoint: null, checked_at });
  if (forged) return fail(forged.seq, `checkpoint at seq ${forged.seq} has an invalid signature`);

  // Retention leaves a signed anchor: the last pruned entry's seq and hash.
  const anchor = table.filter((c) => c.kind === "anchor").at(-1);
  if (anchor) head = { seq: anchor.seq, hash: anchor.hash };
  const marks = new Map<number, string>();
  for (const c of [...table, ...file]) if (c.kind === "checkpoint") marks.set(c.seq, c.hash);

  let after = head.seq;
  for (;;) {
    const rows = await tx.$queryRaw<EntryRow[]>`
      SELECT id, tenant_id, seq, ts, actor_ref, actor_kind, auth_method, action, category, target_type, target_id,
             outcome, ip_ref, ip, request_id, details, prev_hash, hash, key_id
        FROM audit_entries WHERE tenant_id = ${tenantId} AND seq > ${after} ORDER BY seq LIMIT ${BATCH}`;
    for (const r of rows) {
      const seq = Number(r.seq);
      const expected = head.seq + 1;
      if (seq !== expected) return fail(expected, `entry ${expected} is missing (next stored entry is ${seq})`);
      if (r.prev_hash !== head.hash) return fail(seq, `entry ${seq} does not link to entry ${seq - 1} (prev_hash differs)`);
      let recomputed: string;
      try {
        recomputed = sealHash(head.hash, sealedOf(r));
      } catch (e) {
        return fail(seq, `entry ${seq} cannot be checked: ${(e as Error).message}`);
      }
      if (recomputed !== r.hash) return fail(seq, `entry ${seq} was altered (its HMAC does not match its content)`);
      const mark = marks.get(seq);
      if (mark !== undefined && mark !== r.hash) return fail(seq, `entry ${seq} differs from the signed checkpoint`);
      head = { seq, hash: r.hash };
      checked++;
    }
    if (rows.length < BATCH) break;
    after = Number(rows[rows.length - 1].seq);
  }

  // Explicit tenant filters as well as RLS: retention verifies on the owner connection, which RLS
  // does not bind when it is a superuser (PGlite, local PostgreSQL).
  const heads = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`SELECT seq, hash FROM audit_heads WHERE tenant_id = ${tenantId}`;
  const headSeq = heads[0] ? Number(heads[0].seq) : 0;
  if (headSeq > head.seq) return fail(head.seq + 1, `tail truncated: the chain head says ${headSeq} entries, ${head.seq} remain`);
  if (heads[0] && headSeq === head.seq && head.seq > 0 && heads[0].hash !== head.hash) return fail(head.seq, `the chain head does not match entry ${head.seq}`);

  const best = (list: Checkpoint[]) => list.filter((c) => c.kind === "checkpoint").reduce<Checkpoint | null>((m, c) => (!m || c.seq > m.seq ? c : m), null);
  const tb = best(table);
  const fb = best(file);
  for (const [c, source] of [[tb, "table"], [fb, "file"]] as const) {
    if (c && c.seq > head.seq) return fail(head.seq + 1, `tail truncated: a signed checkpoint (${source}) covers ${c.seq} entries, ${head.seq} remain`);
  }
  const top = fb && (!tb || fb.seq >= tb.seq) ? { seq: fb.seq, source: "file" as const } : tb ? { seq: tb.seq, source: "table" as const } : null;
  return { verified: true, checked, first_bad_seq: null, reason: null, head, checkpoint: top, checked_at };
}
