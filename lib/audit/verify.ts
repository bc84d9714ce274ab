// Chain verification. Recomputes every entry's HMAC from its sealed fields and names the first
// bad seq: an edited entry (hash mismatch), a deleted one (gap), an inserted or reordered one
// (prev_hash / seq / hash mismatch), and a truncated tail — against the head row AND the highest
// signed checkpoint from the table and from the file sink, so rewinding audit_heads is not enough.
// The entries are verified in seq ranges (verify-segment.ts), put together here in seq order; a
// long chain on PostgreSQL shares its ranges with a second process (verify-process.ts, ADR 0048).
import "server-only";
import { z } from "zod";
import type { Database } from "@/lib/db/runtime";
import { tenantIdOf, type TenantTx } from "@/lib/tenancy/with-tenant";
import { withTenantSql } from "@/lib/tenancy/with-tenant-sql";
import { GENESIS_HASH } from "./chain";
import { firstForgedCheckpoint, readSink, type Checkpoint } from "./checkpoints";
import { existingTenantKey } from "@/lib/crypto/tenant-key";
import { log } from "@/lib/observability/log";
import { chainVerifyRanges } from "@/lib/observability/metrics";
import { canUseVerifyProcess, startVerifyProcess, verifyProcessRows, type VerifyHelper } from "./verify-process";
import { verifySegment, type Reader, type Segment, type SeqRange } from "./verify-segment";

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

/** What verification reads through, and who may verify some of its ranges (a second process). */
interface Verifier {
  reader: Reader;
  /** Starts a helper for the ranges after `start`, or returns null to verify them all here. */
  helper?: (start: number, headSeq: number, marks: ReadonlyMap<number, string>) => Promise<VerifyHelper | null>;
  /** Seqs per range when a helper shares the work. */
  chunk?: number;
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
  return { table, file: readSink(tenantId) };
}

/** Verifies inside an open tenant transaction (retention uses this, in the transaction that prunes). */
export async function verifyChain(tx: TenantTx): Promise<VerifyResult> {
  return verifyWith({ reader: readerOf(tx) }, await tenantIdOf(tx));
}

/** Options of verifyChainFast; the defaults come from the environment (tests set them). */
export interface FastOptions {
  /** From how many entries a second process shares the work (null: never). */
  processRows?: number | null;
  /** Seqs per range handed out. */
  chunk?: number;
}

const CHUNK = 50_000;

/**
 * Verifies on the raw driver in its own read-only tenant transaction (withTenantSql): no per-row
 * Prisma objects, the next batch fetched while this one is hashed. On PostgreSQL the transaction
 * is one snapshot (REPEATABLE READ), exported so that a second process can verify ranges of a
 * long chain inside it. The API, the CLI and the scheduled verification use this.
 */
export async function verifyChainFast(db: Database, tenantId: string, opts: FastOptions = {}): Promise<VerifyResult> {
  const processRows = opts.processRows === undefined ? verifyProcessRows() : opts.processRows;
  const split = processRows !== null && canUseVerifyProcess(db);
  return withTenantSql(
    db,
    tenantId,
    async (sql) => {
      const reader: Reader = { query: (text, params) => sql.query(text, params) };
      const helper: Verifier["helper"] = async (start, headSeq, marks) => {
        if (!split || headSeq - start < processRows) return null;
        const [{ id }] = await sql.query<{ id: string }>(`SELECT pg_export_snapshot() AS id`);
        return startVerifyProcess(db, tenantId, id, marks, headSeq);
      };
      return verifyWith({ reader, helper, chunk: opts.chunk ?? CHUNK }, tenantId);
    },
    db.pglite ? {} : { snapshot: "export" },
  );
}

async function verifyWith(v: Verifier, tenantId: string): Promise<VerifyResult> {
  const db = v.reader;
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
  const { table, file } = await loadCheckpoints(db, tenantId);
  // Entries under the tenant's own key (ADR 0035) need it: read once (never created here).
  await existingTenantKey((text, params) => db.query(text, params), tenantId);
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

  // Retention leaves a signed anchor: the last pruned entry's seq and hash.
  const anchor = table.filter((c) => c.kind === "anchor").at(-1);
  const start = anchor ? { seq: anchor.seq, hash: anchor.hash } : head;
  const marks = new Map<number, string>();
  for (const c of [...table, ...file]) if (c.kind === "checkpoint") marks.set(c.seq, c.hash);
  const headSeq = heads[0] ? Number(heads[0].seq) : 0;

  // The checkpoint signatures are checked on the thread pool while the entries are hashed; a forged
  // checkpoint is the answer whatever the entries say.
  const forgedCheck = firstForgedCheckpoint(table);
  const helper = (await v.helper?.(start.seq, headSeq, marks)) ?? null;
  let segments: Segment[];
  try {
    const ranges = helper ? rangesOf(start.seq, headSeq, v.chunk ?? CHUNK) : [{ from: start.seq, to: null }];
    segments = await verifyRanges(ranges, (r) => verifySegment(db, tenantId, r, marks, headSeq), helper);
  } finally {
    helper?.close();
  }
  const forged = await forgedCheck;
  if (forged) return fail(forged.seq, `checkpoint at seq ${forged.seq} has an invalid signature`);
  head = start;

  // The segments in seq order: each must begin where the one before ended.
  let headHashSeen: string | null = null;
  for (const s of segments) {
    if (s.first) {
      const expected = head.seq + 1;
      if (s.first.seq !== expected)
        return fail(expected, `entry ${expected} is missing (next stored entry is ${s.first.seq})`);
      if (s.first.prevHash !== head.hash)
        return fail(s.first.seq, `entry ${s.first.seq} does not link to entry ${s.first.seq - 1} (prev_hash differs)`);
    }
    checked += s.checked;
    if (s.last) head = s.last;
    if (s.headHash !== null) headHashSeen = s.headHash;
    if (s.failure) return fail(s.failure.seq, s.failure.reason);
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

/** (start, headSeq] cut into ranges of `chunk` seqs; the last one open-ended (entries past the head are read too). */
export function rangesOf(start: number, headSeq: number, chunk: number): SeqRange[] {
  const out: SeqRange[] = [];
  for (let from = start; from < headSeq; from += chunk) out.push({ from, to: from + chunk });
  if (out.length === 0) return [{ from: start, to: null }];
  out[out.length - 1].to = null;
  return out;
}

/**
 * Verifies the ranges here and, when there is one, in the helper, each taking the next range when
 * it is free. A range that fails is the last one needed: ranges after it are not handed out. A
 * range the helper could not verify (its process failed) is verified here.
 */
export async function verifyRanges(
  ranges: SeqRange[],
  here: (r: SeqRange) => Promise<Segment>,
  helper: VerifyHelper | null,
): Promise<Segment[]> {
  const out: Segment[] = [];
  const retry: number[] = [];
  let next = 0;
  let limit = ranges.length - 1;
  const take = () => {
    const i = retry.length ? retry.shift()! : next <= limit ? next++ : -1;
    return i <= limit ? i : -1;
  };
  const work = async (verify: (r: SeqRange) => Promise<Segment>, onError?: (i: number, e: unknown) => void) => {
    for (let i = take(); i >= 0; i = take()) {
      try {
        out[i] = await verify(ranges[i]);
      } catch (e) {
        if (!onError) throw e;
        return onError(i, e);
      }
      chainVerifyRanges.inc({ by: onError ? "process" : "here" });
      if (out[i].failure) limit = Math.min(limit, i);
    }
  };
  const fromHelper = helper
    ? work(helper.verify, (i, e) => {
        log.warn({ err: e }, "audit: the verification process failed; verifying its ranges here");
        retry.push(i);
      })
    : Promise.resolve();
  await work(here);
  await fromHelper;
  // The helper may have given back a range after this process ran out of work.
  await work(here);
  return out.slice(0, limit + 1);
}
