// Chain verification. Recomputes every entry's HMAC from its sealed fields and names the first
// bad seq: an edited entry (hash mismatch), a deleted one (gap), an inserted or reordered one
// (prev_hash / seq / hash mismatch), and a truncated tail — against the head row AND the highest
// signed checkpoint from the table and from the file sink, so rewinding audit_heads is not enough.
import "server-only";
import { z } from "zod";
import type { Database } from "@/lib/db/runtime";
import { tenantIdOf, type TenantTx } from "@/lib/tenancy/with-tenant";
import { withTenantSql } from "@/lib/tenancy/with-tenant-sql";
import { sealedParts, type SealedShape } from "./canonical";
import { GENESIS_HASH, macUnder } from "./chain";
import { checkpointSignatureValid, readSink, type Checkpoint } from "./checkpoints";
import { tenantKey, TENANT_KEY_PREFIX } from "./keys";
import { existingTenantKey } from "@/lib/crypto/tenant-key";

/** GET /v1/audit/verify's answer: the chain recomputed now. */
export const verifyResultSchema = z.object({
  verified: z.boolean(),
  checked: z.number().int().describe("Entries whose hash was recomputed"),
  first_bad_seq: z
    .number()
    .int()
    .nullable()
    .describe("The first entry that does not verify (edited, missing, inserted or reordered)"),
  reason: z.string().nullable(),
  head: z.object({ seq: z.number().int(), hash: z.string() }).describe("The chain's head as recorded"),
  checkpoint: z
    .object({ seq: z.number().int(), source: z.enum(["table", "file"]) })
    .nullable()
    .describe("The highest signed checkpoint the chain was held against"),
  checked_at: z.iso.datetime(),
});
export type VerifyResult = z.infer<typeof verifyResultSchema>;

const BATCH = 10_000;

/** What verification reads through: a Prisma tenant transaction, or withTenantSql's raw connection. */
interface Reader {
  query<T>(text: string, params: unknown[]): Promise<T[]>;
}

const readerOf = (tx: TenantTx): Reader => ({
  query: <T>(text: string, params: unknown[]) => tx.$queryRawUnsafe<T[]>(text, ...params),
});

type CheckpointRow = Omit<Checkpoint, "seq" | "signed_at"> & { seq: bigint | string; signed_at: Date };

async function loadCheckpoints(db: Reader, tenantId: string) {
  const rows = await db.query<CheckpointRow>(
    `SELECT tenant_id, seq, hash, signed_at, signature, key_id, kind FROM audit_checkpoints WHERE tenant_id = $1 ORDER BY seq`,
    [tenantId],
  );
  const table = rows.map(
    (r) => ({ ...r, seq: Number(r.seq), signed_at: new Date(r.signed_at).toISOString() }) as Checkpoint,
  );
  const forged = table.find((c) => !checkpointSignatureValid(c));
  const file = readSink(tenantId);
  return { table, file, forged };
}

/** A stored entry as verification reads it: ts already in the chain's ISO form, seq as text. */
interface VerifyRow extends Omit<SealedShape, "tenant_id"> {
  seq: string | bigint;
  prev_hash: string;
  hash: string;
}

// Keyset batches in seq order; ts formatted by PostgreSQL exactly as Date#toISOString does for the
// millisecond timestamps appends store, so no per-row Date is built.
const ENTRY_BATCH = `
  SELECT seq::text AS seq, to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ts, actor_ref, actor_kind,
         auth_method, action, category, target_type, target_id, outcome, ip_ref, request_id, details, prev_hash, hash, key_id
    FROM audit_entries e WHERE e.tenant_id = $1 AND e.seq > $2::bigint ORDER BY e.seq LIMIT ${BATCH}`;

/** Verifies inside an open tenant transaction (retention uses this, in the transaction that prunes). */
export async function verifyChain(tx: TenantTx): Promise<VerifyResult> {
  return verifyWith(readerOf(tx), await tenantIdOf(tx));
}

/**
 * Verifies on the raw driver in its own tenant transaction (withTenantSql): no per-row Prisma
 * objects, the next batch fetched while this one is hashed. The API, the CLI and the scheduled
 * verification use this.
 */
export async function verifyChainFast(db: Database, tenantId: string): Promise<VerifyResult> {
  return withTenantSql(db, tenantId, (sql) =>
    verifyWith({ query: (text, params) => sql.query(text, params) }, tenantId),
  );
}

async function verifyWith(db: Reader, tenantId: string): Promise<VerifyResult> {
  const checked_at = new Date().toISOString();
  // The head first: every entry up to it is committed (an append bumps the head in the entry's own
  // transaction), so appends that commit while this runs are verified if seen and never read as a
  // truncated tail.
  // Explicit tenant filters as well as RLS: retention verifies on the owner connection, which RLS
  // does not bind when it is a superuser (PGlite, local PostgreSQL).
  const heads = await db.query<{ seq: bigint | string; hash: string }>(
    `SELECT seq, hash FROM audit_heads WHERE tenant_id = $1`,
    [tenantId],
  );
  const { table, file, forged } = await loadCheckpoints(db, tenantId);
  let checked = 0;
  let head = { seq: 0, hash: GENESIS_HASH };
  const fail = (seq: number | null, reason: string): VerifyResult => ({
    verified: false,
    checked,
    first_bad_seq: seq,
    reason,
    head,
    checkpoint: null,
    checked_at,
  });
  if (forged) return fail(forged.seq, `checkpoint at seq ${forged.seq} has an invalid signature`);

  // Retention leaves a signed anchor: the last pruned entry's seq and hash.
  const anchor = table.filter((c) => c.kind === "anchor").at(-1);
  if (anchor) head = { seq: anchor.seq, hash: anchor.hash };
  const marks = new Map<number, string>();
  for (const c of [...table, ...file]) if (c.kind === "checkpoint") marks.set(c.seq, c.hash);
  const headSeq = heads[0] ? Number(heads[0].seq) : 0;
  let headHashSeen: string | null = null;

  const macs = new Map<string, (prevHash: string, text: string) => string>();
  let tenantKeyLoaded = false;
  const macFor = (id: string) => {
    let m = macs.get(id);
    if (!m) {
      m = macUnder(tenantKey(tenantId, id));
      macs.set(id, m);
    }
    return m;
  };
  const fetchAfter = (after: number) => db.query<VerifyRow>(ENTRY_BATCH, [tenantId, String(after)]);

  let pending: Promise<VerifyRow[]> | null = fetchAfter(head.seq);
  try {
    while (pending) {
      const rows: VerifyRow[] = await pending;
      pending = null;
      // The next batch is on its way while this one is hashed.
      if (rows.length === BATCH) pending = fetchAfter(Number(rows[rows.length - 1].seq));
      for (const r of rows) {
        const seq = Number(r.seq);
        if (!tenantKeyLoaded && r.key_id.startsWith(TENANT_KEY_PREFIX)) {
          // Entries under the tenant's own key (ADR 0035): read it once (never created here).
          tenantKeyLoaded = true;
          await existingTenantKey((text, params) => db.query(text, params), tenantId);
        }
        const expected = head.seq + 1;
        if (seq !== expected) return fail(expected, `entry ${expected} is missing (next stored entry is ${seq})`);
        if (r.prev_hash !== head.hash)
          return fail(seq, `entry ${seq} does not link to entry ${seq - 1} (prev_hash differs)`);
        let recomputed: string;
        try {
          const { prefix, suffix } = sealedParts({
            tenant_id: tenantId,
            ts: r.ts,
            actor_ref: r.actor_ref,
            actor_kind: r.actor_kind,
            auth_method: r.auth_method,
            action: r.action,
            category: r.category,
            target_type: r.target_type,
            target_id: r.target_id,
            outcome: r.outcome,
            ip_ref: r.ip_ref,
            request_id: r.request_id,
            details: r.details ?? {},
            key_id: r.key_id,
          });
          recomputed = macFor(r.key_id)(head.hash, prefix + String(seq) + suffix);
        } catch (e) {
          return fail(seq, `entry ${seq} cannot be checked: ${(e as Error).message}`);
        }
        if (recomputed !== r.hash) return fail(seq, `entry ${seq} was altered (its HMAC does not match its content)`);
        const mark = marks.get(seq);
        if (mark !== undefined && mark !== r.hash) return fail(seq, `entry ${seq} differs from the signed checkpoint`);
        if (seq === headSeq) headHashSeen = r.hash;
        head = { seq, hash: r.hash };
        checked++;
      }
    }
  } finally {
    // An early answer leaves no query running in the transaction.
    if (pending) await pending.catch(() => undefined);
  }

  if (headSeq > head.seq)
    return fail(head.seq + 1, `tail truncated: the chain head says ${headSeq} entries, ${head.seq} remain`);
  if (heads[0] && headSeq > 0 && headHashSeen !== null && heads[0].hash !== headHashSeen)
    return fail(headSeq, `the chain head does not match entry ${headSeq}`);

  const best = (list: Checkpoint[]) =>
    list
      .filter((c) => c.kind === "checkpoint")
      .reduce<Checkpoint | null>((m, c) => (!m || c.seq > m.seq ? c : m), null);
  const tb = best(table);
  const fb = best(file);
  for (const [c, source] of [
    [tb, "table"],
    [fb, "file"],
  ] as const) {
    if (c && c.seq > head.seq)
      return fail(
        head.seq + 1,
        `tail truncated: a signed checkpoint (${source}) covers ${c.seq} entries, ${head.seq} remain`,
      );
  }
  const top =
    fb && (!tb || fb.seq >= tb.seq)
      ? { seq: fb.seq, source: "file" as const }
      : tb
        ? { seq: tb.seq, source: "table" as const }
        : null;
  return { verified: true, checked, first_bad_seq: null, reason: null, head, checkpoint: top, checked_at };
}
