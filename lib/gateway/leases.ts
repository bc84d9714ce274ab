// Budget leases: the gateway takes a slice of a budget's headroom from PostgreSQL in one atomic
// UPDATE (reserved_usd += slice, only while spent + reserved + slice <= limit), admits requests
// against it in memory, and settles spend and returns unused headroom in batches (settler.ts).
// Leases never overlap: every slice is reserved in the row, so the total admitted across all
// processes never exceeds the limit. Admission is slightly conservative: headroom leased by one
// process is invisible to the others until returned (idle leases are returned within ~100 ms).
// A process that dies keeps its slice reserved until `lease_expires_at` passes (swept on the
// next acquisition), so a crash can only make a budget stricter for that period, never looser.
import "server-only";
import type { Database } from "@/lib/db/runtime";
import type { Sql } from "@/lib/tenancy/with-tenant-sql";
import { withTenantSql } from "@/lib/tenancy/with-tenant-sql";
import { beforeScrape, leasedBudgets, leaseHeadroomUsd, leaseRefills } from "@/lib/observability/metrics";

export const toUnits = (usd: string): bigint => {
  const [i, f = ""] = usd.split(".");
  return BigInt(i + f.padEnd(10, "0").slice(0, 10));
};
export const fromUnits = (n: bigint) =>
  `${n < 0n ? "-" : ""}${(n < 0n ? -n : n) / 10_000_000_000n}.${((n < 0n ? -n : n) % 10_000_000_000n).toString().padStart(10, "0")}`;

const CHUNK_FACTOR = BigInt(Number(process.env.WARDEN_LEASE_CHUNK_FACTOR || 20));
/** A slice aims to last this long at the recent admission rate (never less than CHUNK_FACTOR requests). */
const SLICE_MS = BigInt(Number(process.env.WARDEN_LEASE_SLICE_MS || 250));
const PREFETCH_BACKOFF_MS = 1000;
/** A held lease is renewed by every settlement flush; a dead process's slice is swept after this. */
export const LEASE_TTL_MS = Number(process.env.WARDEN_LEASE_TTL_MS || 30_000);

export class Lease {
  granted = 0n; // reserved in the row for this process
  available = 0n; // free for new admissions
  lastTake = 0; // Date.now() of the last admission
  private acquiring: Promise<boolean> | null = null;
  private lastSlice = 0n; // size of the last slice granted
  private takenSince = 0n; // units admitted since `rateFrom`
  private rateFrom = 0; // Date.now() when the current rate sample began
  private refusedAt = 0; // Date.now() of the last acquisition that found no headroom
  constructor(
    readonly db: Database,
    readonly tenantId: string,
    readonly budgetId: string,
  ) {}

  /**
   * Takes `need` units. When this slice runs low the next one is acquired in the background, so
   * a steady stream of requests does not wait on PostgreSQL; a request waits only when the slice
   * is exhausted before the next one arrives.
   */
  async take(need: bigint, windowStart: Date): Promise<boolean> {
    for (;;) {
      if (this.available >= need) {
        this.available -= need;
        this.takenSince += need;
        this.lastTake = Date.now();
        // Prefetch, but not again right after the budget had no headroom left (that would be one
        // futile round trip per request until the slice runs out). A failure surfaces on the next
        // foreground acquisition.
        if (
          !this.acquiring &&
          this.available < this.lastSlice / 2n &&
          Date.now() - this.refusedAt > PREFETCH_BACKOFF_MS
        )
          this.refill(need, windowStart).catch(() => {});
        return true;
      }
      const ok = await this.refill(need, windowStart);
      if (!ok && this.available < need) return false;
    }
  }

  /** The acquisition in flight, if any. */
  get pending(): Promise<boolean> | null {
    return this.acquiring;
  }

  /** The request is over: its unused reservation goes back to this lease. */
  finish(need: bigint, cost: bigint) {
    this.available += need - cost;
  }

  /** One acquisition at a time; callers that arrive meanwhile share its outcome. */
  private refill(need: bigint, windowStart: Date): Promise<boolean> {
    this.acquiring ??= this.acquire(need, windowStart).finally(() => (this.acquiring = null));
    return this.acquiring;
  }

  /** The next slice: what SLICE_MS of admissions took at the rate seen since the last slice, and at least CHUNK_FACTOR requests. */
  private nextChunk(need: bigint): bigint {
    const now = Date.now();
    const elapsed = BigInt(Math.max(1, now - this.rateFrom));
    const byRate = this.rateFrom && now - this.rateFrom < 10_000 ? (this.takenSince * SLICE_MS) / elapsed : 0n;
    this.takenSince = 0n;
    this.rateFrom = now;
    const floor = need * CHUNK_FACTOR;
    return byRate > floor ? byRate : floor;
  }

  private async acquire(need: bigint, windowStart: Date): Promise<boolean> {
    const chunk = this.nextChunk(need);
    let rows: bigint | null;
    try {
      rows = await withTenantSql(this.db, this.tenantId, (sql) =>
        acquireSlice(sql, this.budgetId, windowStart, need, chunk),
      );
    } catch (e) {
      leaseRefills.inc({ outcome: "error" });
      throw e;
    }
    leaseRefills.inc({ outcome: rows ? "granted" : "no_headroom" });
    if (!rows) {
      this.refusedAt = Date.now();
      return false;
    }
    this.granted += rows;
    this.available += rows;
    this.lastSlice = rows;
    return true;
  }
}

async function acquireSlice(sql: Sql, budgetId: string, ws: Date, need: bigint, chunk: bigint): Promise<bigint | null> {
  // The row lock (FOR UPDATE) re-reads the latest committed spend and reservations, so slices
  // taken concurrently by several processes can never add up past the limit. Expired leases
  // (a process that died holding them) are swept first.
  const rows = await sql.query<{ slice: string }>(
    `WITH c AS (
       SELECT id, (CASE WHEN window_start < $2 THEN 0 ELSE spent_usd END) AS spent,
              CASE WHEN lease_expires_at IS NOT NULL AND lease_expires_at < now() THEN 0 ELSE reserved_usd END AS reserved,
              limit_usd
         FROM budgets WHERE id = $1 FOR UPDATE),
     s AS (SELECT id, LEAST($4::numeric, limit_usd - spent - reserved) AS slice, spent, reserved FROM c)
     UPDATE budgets b SET spent_usd = s.spent, window_start = GREATEST(b.window_start, $2),
            reserved_usd = s.reserved + s.slice, lease_expires_at = now() + ($5::int * interval '1 millisecond')
       FROM s WHERE b.id = s.id AND s.slice >= $3::numeric
     RETURNING s.slice::text AS slice`,
    [budgetId, ws, fromUnits(need), fromUnits(chunk), LEASE_TTL_MS],
    "warden_gw_lease",
  );
  return rows[0] ? toUnits(rows[0].slice) : null;
}

const leases = new Map<string, Lease>();

// Scraped, not pushed: the headroom this process holds unused, summed over its leases.
beforeScrape(() => {
  let units = 0n;
  for (const l of leases.values()) if (l.available > 0n) units += l.available;
  leaseHeadroomUsd.set(Number(fromUnits(units)));
  leasedBudgets.set([...leases.values()].filter((l) => l.granted > 0n).length);
});

export function leaseFor(db: Database, tenantId: string, budgetId: string): Lease {
  let l = leases.get(budgetId);
  if (!l || l.db !== db) {
    l = new Lease(db, tenantId, budgetId);
    leases.set(budgetId, l);
  }
  return l;
}

/** A lease nobody admitted against for this long gives its unused headroom back. */
const IDLE_MS = Number(process.env.WARDEN_LEASE_IDLE_MS || 100);

/**
 * Unused headroom to give back at this flush: all of it when `all` (shutdown, tests), otherwise
 * that of leases idle for IDLE_MS. Returned amounts leave the lease.
 */
export function collectReturns(tenantId: string, all: boolean): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const l of leases.values()) {
    if (l.tenantId !== tenantId) continue;
    if ((all || Date.now() - l.lastTake >= IDLE_MS) && l.available > 0n) {
      out.set(l.budgetId, l.available);
      l.granted -= l.available;
      l.available = 0n;
    }
  }
  return out;
}

/** Spend settled in PostgreSQL leaves the lease (it moved from reserved to spent). */
export function settledSpend(budgetId: string, units: bigint) {
  const l = leases.get(budgetId);
  if (l) l.granted -= units;
}

/** Resolves when no lease is acquiring a slice (so a final return of headroom misses none). */
export async function acquisitionsDone(): Promise<void> {
  for (;;) {
    const pending = [...leases.values()].map((l) => l.pending).filter((p): p is Promise<boolean> => p !== null);
    if (!pending.length) return;
    await Promise.allSettled(pending);
  }
}

export function leaseTenants(): Set<string> {
  return new Set([...leases.values()].filter((l) => l.granted > 0n).map((l) => l.tenantId));
}

export function leaseDb(tenantId: string): Database | undefined {
  for (const l of leases.values()) if (l.tenantId === tenantId) return l.db;
  return undefined;
}

export function heldBudgetIds(tenantId: string): string[] {
  return [...leases.values()].filter((l) => l.tenantId === tenantId && l.granted > 0n).map((l) => l.budgetId);
}
