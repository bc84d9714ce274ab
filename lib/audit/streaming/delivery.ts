// Audit stream delivery: at least once, in seq order (ADR 0030).
//
// One batch = the entries after the stream's cursor_seq, in seq order, at most `batchSize`:
//   1. claim   a short tenant transaction locks the stream row (FOR UPDATE SKIP LOCKED: another
//              process already holding it is skipped, not waited for), checks it is enabled, due
//              and not leased, reads the batch, and leases the row with a fresh token;
//   2. send    outside any transaction (a slow receiver holds no database connection; on PGlite,
//              one connection for the whole process, it would stall every request);
//   3. record  a second short transaction moves cursor_seq to the batch's last seq only if the
//              row still carries this token (a backfill or delete meanwhile drops it), or records
//              the failure: last_error, failures + 1, next attempt after exponential backoff.
// A process that dies between 2 and 3 leaves the lease to expire; the batch is sent again
// (at least once; the receiver deduplicates by seq). Appends hold the tenant's audit_heads row lock
// until they commit, so no entry with a lower seq can commit after a higher one is visible, and a
// cursor never skips an entry (entries pruned by retention are simply not there to send).
import "server-only";
import { randomUUID } from "node:crypto";
import { exportBatch } from "@/lib/audit/query";
import { openSecret } from "@/lib/crypto/secret-box";
import { tenantKeyFor } from "@/lib/crypto/tenant-key";
import type { Database } from "@/lib/db/runtime";
import type { AuditStream } from "@/lib/generated/prisma/client";
import { OutboundRefused } from "@/lib/net/outbound";
import { activeTenantIds } from "@/lib/tenancy/suspension";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import type { StreamKind } from "./schemas";
import { sendBatch, sendTest, type StreamTarget, type StreamedEntry } from "./senders";
import { configOf, getStreamOrThrow, headSeq } from "./service";
import { log } from "@/lib/observability/log";

export interface StreamBackoff {
  baseMs: number;
  maxMs: number;
}

export interface DeliveryOptions {
  db?: Database;
  now?: () => Date;
  /** Entries per batch (default AUDIT_STREAM_BATCH, 500). */
  batchSize?: number;
  /** Batches per stream per call before yielding to the next stream (default 20). */
  maxBatches?: number;
  backoff?: StreamBackoff;
  /** How long a claimed batch is hidden from other workers (default 60 s; sends time out after 10 s). */
  leaseMs?: number;
}

export interface StreamRun {
  batches: number;
  delivered: number;
  failed: number;
  /** Why the last attempt failed, when it did. */
  error: string | null;
  /** The stream was locked or leased by another worker, disabled, or not due. */
  skipped: boolean;
}

function num(v: string | undefined, d: number): number {
  return v && Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : d;
}

export function streamBackoff(env: NodeJS.ProcessEnv = process.env): StreamBackoff {
  return { baseMs: num(env.AUDIT_STREAM_BACKOFF_BASE_MS, 5_000), maxMs: num(env.AUDIT_STREAM_BACKOFF_MAX_MS, 600_000) };
}

export function streamBackoffDelay(failures: number, b: StreamBackoff): number {
  return Math.min(b.maxMs, b.baseMs * 2 ** Math.max(0, failures - 1));
}

/** A failure as the console shows it: the sender's words (origin and code), nothing else. */
function errorText(e: unknown): string {
  if (e instanceof OutboundRefused) return e.message;
  return (e instanceof Error ? e.message : String(e)).slice(0, 500);
}

async function targetOf(tx: TenantTx, row: AuditStream): Promise<StreamTarget> {
  const tenant = await tx.tenant.findUnique({ where: { id: row.tenantId }, select: { slug: true } });
  if (row.secretSealed) await tenantKeyFor(tx);
  return {
    id: row.id,
    kind: row.kind as StreamKind,
    config: configOf(row),
    secret: row.secretSealed ? openSecret(row.secretSealed) : null,
    tenantSlug: tenant?.slug ?? row.tenantId,
  };
}

type Claim =
  { token: string; target: StreamTarget; entries: StreamedEntry[]; more: boolean } | { idle: true } | { skipped: true };

async function claim(
  tenantId: string,
  streamId: string,
  o: Required<Pick<DeliveryOptions, "batchSize" | "leaseMs">> & { now: Date; db?: Database },
): Promise<Claim> {
  return withTenant(
    tenantId,
    async (tx) => {
      const locked = await tx.$queryRaw<
        { id: string }[]
      >`SELECT id FROM audit_streams WHERE id = ${streamId} FOR UPDATE SKIP LOCKED`;
      if (!locked.length) return { skipped: true };
      const row = await tx.auditStream.findUnique({ where: { id: streamId } });
      if (!row || !row.enabled || row.nextAttemptAt > o.now || (row.leaseUntil && row.leaseUntil > o.now))
        return { skipped: true };
      const head = await headSeq(tx);
      const cursor = Number(row.cursorSeq);
      if (cursor >= head) return { idle: true };
      const entries = await exportBatch(tx, {}, cursor, head, o.batchSize);
      if (!entries.length) {
        // Everything up to head was pruned by retention: nothing left to send below it.
        await tx.auditStream.update({ where: { id: streamId }, data: { cursorSeq: BigInt(head) } });
        return { idle: true };
      }
      const token = randomUUID();
      await tx.auditStream.update({
        where: { id: streamId },
        data: { leaseToken: token, leaseUntil: new Date(o.now.getTime() + o.leaseMs), lastAttemptAt: o.now },
      });
      return { token, target: await targetOf(tx, row), entries, more: entries[entries.length - 1].seq < head };
    },
    { db: o.db },
  );
}

/**
 * Delivers one stream's backlog, batch after batch, until it is caught up, a batch fails, or
 * `maxBatches` were sent. Safe to call from any number of processes at once.
 */
export async function deliverStream(
  tenantId: string,
  streamId: string,
  opts: DeliveryOptions = {},
): Promise<StreamRun> {
  const now = opts.now ?? (() => new Date());
  const batchSize = opts.batchSize ?? num(process.env.AUDIT_STREAM_BATCH, 500);
  const leaseMs = opts.leaseMs ?? 60_000;
  const backoff = opts.backoff ?? streamBackoff();
  const run: StreamRun = { batches: 0, delivered: 0, failed: 0, error: null, skipped: false };
  for (let i = 0; i < (opts.maxBatches ?? 20); i++) {
    const c = await claim(tenantId, streamId, { batchSize, leaseMs, now: now(), db: opts.db });
    if ("skipped" in c) {
      run.skipped = run.batches === 0;
      return run;
    }
    if ("idle" in c) return run;
    run.batches++;
    const first = c.entries[0].seq;
    const last = c.entries[c.entries.length - 1].seq;
    let failure: string | null = null;
    try {
      await sendBatch(c.target, c.entries);
    } catch (e) {
      failure = errorText(e);
    }
    const at = now();
    const recorded = await withTenant(
      tenantId,
      async (tx) => {
        if (failure === null) {
          // Only the lease holder moves the cursor (a backfill or a delete meanwhile took the lease away).
          const r = await tx.auditStream.updateMany({
            where: { id: streamId, leaseToken: c.token },
            data: {
              cursorSeq: BigInt(last),
              failures: 0,
              lastError: null,
              lastSuccessAt: at,
              leaseToken: null,
              leaseUntil: null,
              nextAttemptAt: at,
            },
          });
          return r.count;
        }
        const row = await tx.auditStream.findUnique({
          where: { id: streamId },
          select: { failures: true, leaseToken: true },
        });
        if (!row || row.leaseToken !== c.token) return 0;
        const failures = row.failures + 1;
        await tx.auditStream.update({
          where: { id: streamId },
          data: {
            failures,
            lastError: `seq ${first}-${last}: ${failure}`,
            leaseToken: null,
            leaseUntil: null,
            nextAttemptAt: new Date(at.getTime() + streamBackoffDelay(failures, backoff)),
          },
        });
        return 1;
      },
      { db: opts.db },
    );
    if (failure !== null) {
      run.failed += c.entries.length;
      run.error = failure;
      return run;
    }
    if (recorded) run.delivered += c.entries.length;
    if (!recorded || !c.more) return run;
  }
  return run;
}

export interface DueRun {
  streams: number;
  delivered: number;
  failed: number;
}

/** Every enabled, due stream of every tenant (or of `tenantIds`), one after another. */
export async function deliverDueStreams(opts: DeliveryOptions & { tenantIds?: string[] } = {}): Promise<DueRun> {
  const now = opts.now ?? (() => new Date());
  const out: DueRun = { streams: 0, delivered: 0, failed: 0 };
  for (const tenantId of await activeTenantIds(opts.db, opts.tenantIds)) {
    let due: { id: string }[];
    try {
      due = await withTenant(
        tenantId,
        (tx) =>
          tx.auditStream.findMany({
            where: { enabled: true, nextAttemptAt: { lte: now() } },
            select: { id: true },
            orderBy: { id: "asc" },
          }),
        { db: opts.db },
      );
    } catch (e) {
      log.error({ tenant_id: tenantId, err: e }, "audit streaming: listing streams failed");
      continue;
    }
    for (const s of due) {
      try {
        const r = await deliverStream(tenantId, s.id, opts);
        if (!r.skipped) out.streams++;
        out.delivered += r.delivered;
        out.failed += r.failed;
      } catch (e) {
        log.error({ stream_id: s.id, err: e }, "audit streaming: stream failed");
      }
    }
  }
  return out;
}

/** POST /v1/audit/streams/{id}/test: one test message, outside any transaction. */
export async function testStream(
  tenantId: string,
  streamId: string,
  db?: Database,
): Promise<{ ok: boolean; message: string }> {
  const target = await withTenant(tenantId, async (tx) => targetOf(tx, await getStreamOrThrow(tx, streamId)), { db });
  try {
    return { ok: true, message: await sendTest(target) };
  } catch (e) {
    return { ok: false, message: errorText(e) };
  }
}
