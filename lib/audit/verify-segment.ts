// One stretch of a tenant's chain, verified: every entry in a seq range is fetched in keyset
// batches, its sealed text rebuilt and its HMAC recomputed, each entry held against the one before
// it in the range and against the signed checkpoints. What links the range to the entries before it
// (its first seq and prev_hash) is left to the caller, which puts the segments together in seq
// order (verify.ts). The console and a verification process (verify-process-main.ts) run this same
// code; it loads no Prisma client.
import "server-only";
import { createHash, hash } from "node:crypto";
import { sealedParts, type SealedShape } from "./canonical";
import { tenantKey } from "./keys";

/** What verification reads through: a Prisma tenant transaction, or a raw driver connection. */
export interface Reader {
  query<T>(text: string, params: unknown[]): Promise<T[]>;
}

/** Seq range (from, to]; `to` null reads to the end of what is stored. */
export interface SeqRange {
  from: number;
  to: number | null;
}

/** A range's entries, verified among themselves. */
export interface Segment {
  /** Entries verified, up to (not including) a failure. */
  checked: number;
  first: { seq: number; prevHash: string } | null;
  last: { seq: number; hash: string } | null;
  /** The stored hash of the entry at `headSeq`, when the range holds it. */
  headHash: string | null;
  /** The first entry in the range that does not verify among its neighbours in the range. */
  failure: { seq: number; reason: string } | null;
}

/** A stored entry as verification reads it: ts already in the chain's ISO form, seq as text. */
interface VerifyRow extends Omit<SealedShape, "tenant_id"> {
  seq: string;
  prev_hash: string;
  hash: string;
}

export const VERIFY_BATCH = 10_000;

// Keyset batches in seq order; ts formatted by PostgreSQL exactly as Date#toISOString does for the
// millisecond timestamps appends store, so no per-row Date is built. Explicit tenant filters as well
// as RLS: retention verifies on the owner connection, which RLS does not bind when it is a superuser.
const COLUMNS = `seq::text AS seq, to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ts, actor_ref, actor_kind,
         auth_method, action, category, target_type, target_id, outcome, ip_ref, request_id, details, prev_hash, hash, key_id`;
const BATCH_TO_END = `SELECT ${COLUMNS} FROM audit_entries e
   WHERE e.tenant_id = $1 AND e.seq > $2::bigint ORDER BY e.seq LIMIT ${VERIFY_BATCH}`;
const BATCH_IN_RANGE = `SELECT ${COLUMNS} FROM audit_entries e
   WHERE e.tenant_id = $1 AND e.seq > $2::bigint AND e.seq <= $3::bigint ORDER BY e.seq LIMIT ${VERIFY_BATCH}`;

/**
 * HMAC-SHA256 under one key (RFC 2104 spelled out) for verification's many entries under one tenant
 * key: the key's inner and outer pad blocks are written once into two buffers, each message is
 * encoded after the inner pad, and both hashes are one-shot `crypto.hash` calls, with no Hash or
 * Hmac object per entry. Equal to createHmac("sha256", key) (tests/unit/audit-canonical.test.ts);
 * appends keep createHmac, so the verification tests also hold the two implementations against
 * each other. The returned function is synchronous and reuses its buffers.
 */
export function macUnder(key: Buffer): (prevHash: string, text: string) => string {
  const k = key.length > 64 ? createHash("sha256").update(key).digest() : key;
  const outer = Buffer.alloc(64 + 32, 0x5c);
  let inner = Buffer.alloc(64 + 4096, 0x36);
  for (let i = 0; i < k.length; i++) {
    inner[i] ^= k[i];
    outer[i] ^= k[i];
  }
  return (prevHash, text) => {
    // At most three UTF-8 bytes per UTF-16 code unit: grow before a write could be cut short.
    const room = 64 + 3 * (prevHash.length + text.length);
    if (room > inner.length) {
      const grown = Buffer.alloc(room * 2);
      inner.copy(grown, 0, 0, 64);
      inner = grown;
    }
    let n = 64 + inner.write(prevHash, 64, "utf8");
    n += inner.write(text, n, "utf8");
    hash("sha256", inner.subarray(0, n), "buffer").copy(outer, 64);
    return hash("sha256", outer, "hex");
  };
}

/** The chain keys' MAC functions of one tenant, derived once per key id (tenantKey throws for an unknown one). */
export function macsOf(tenantId: string): (keyId: string) => (prevHash: string, text: string) => string {
  const macs = new Map<string, (prevHash: string, text: string) => string>();
  return (keyId) => {
    let m = macs.get(keyId);
    if (!m) {
      m = macUnder(tenantKey(tenantId, keyId));
      macs.set(keyId, m);
    }
    return m;
  };
}

/**
 * Verifies the entries of `range`, the next batch fetched while this one is hashed. `marks` are the
 * signed checkpoints' hashes by seq. Each entry is checked in the order a whole-chain pass checks
 * it: its seq follows the previous entry's, its prev_hash is that entry's hash, its HMAC matches
 * its content, and it equals a checkpoint at its seq. The first entry's seq and prev_hash are the
 * caller's to check against the range before.
 */
export async function verifySegment(
  db: Reader,
  tenantId: string,
  range: SeqRange,
  marks: ReadonlyMap<number, string>,
  headSeq: number,
): Promise<Segment> {
  const macFor = macsOf(tenantId);
  const out: Segment = { checked: 0, first: null, last: null, headHash: null, failure: null };
  const fetchAfter = (after: number) =>
    range.to === null
      ? db.query<VerifyRow>(BATCH_TO_END, [tenantId, String(after)])
      : db.query<VerifyRow>(BATCH_IN_RANGE, [tenantId, String(after), String(range.to)]);
  const fail = (seq: number, reason: string) => ((out.failure = { seq, reason }), out);

  let pending: Promise<VerifyRow[]> | null = fetchAfter(range.from);
  try {
    while (pending) {
      const rows: VerifyRow[] = await pending;
      pending = null;
      // The next batch is on its way while this one is hashed.
      if (rows.length === VERIFY_BATCH) pending = fetchAfter(Number(rows[rows.length - 1].seq));
      for (const r of rows) {
        const seq = Number(r.seq);
        const last = out.last;
        if (last === null) out.first = { seq, prevHash: r.prev_hash };
        else {
          const expected = last.seq + 1;
          if (seq !== expected) return fail(expected, `entry ${expected} is missing (next stored entry is ${seq})`);
          if (r.prev_hash !== last.hash)
            return fail(seq, `entry ${seq} does not link to entry ${seq - 1} (prev_hash differs)`);
        }
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
          const text = prefix + r.seq + suffix;
          recomputed = macFor(r.key_id)(r.prev_hash, text);
        } catch (e) {
          return fail(seq, `entry ${seq} cannot be checked: ${(e as Error).message}`);
        }
        if (recomputed !== r.hash) return fail(seq, `entry ${seq} was altered (its HMAC does not match its content)`);
        const mark = marks.get(seq);
        if (mark !== undefined && mark !== r.hash) return fail(seq, `entry ${seq} differs from the signed checkpoint`);
        if (seq === headSeq) out.headHash = r.hash;
        out.last = { seq, hash: r.hash };
        out.checked++;
      }
    }
  } finally {
    // An early answer leaves no query running in the transaction.
    if (pending) await pending.catch(() => undefined);
  }
  return out;
}
