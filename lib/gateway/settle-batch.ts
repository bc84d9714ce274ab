// Settles many answered requests in ONE transaction and one round trip: per rate bucket one
// UPDATE (tokens), per budget one UPDATE that moves the summed actual cost from reserved to spent
// (the request was admitted against this process's lease, see leases.ts), gives back unused
// lease headroom and renews the lease, and one INSERT of all usage records (one JSON literal, parsed once as jsonb).
// Rows are locked in a global order (rate buckets by level then id, then budgets by id), so
// flushes never deadlock.
// Amounts are summed exactly as integers of 1e-10 USD.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import type { Admission } from "./admission";
import { fromUnits, LEASE_TTL_MS, toUnits } from "./leases";
import { costUsd, usdString } from "./pricing";
import type { UsageFacts } from "./settle";
import type { Database } from "@/lib/db/runtime";
import { literal, withTenantSqlOnce } from "@/lib/tenancy/with-tenant-sql";
import { currentWindowStart } from "./windows";

export interface SettleItem {
  actor: Actor;
  a: Admission;
  u: UsageFacts;
}

const cmp = (a: [number, string, number], b: [number, string, number]) =>
  a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) || a[2] - b[2];

/** The cost of one answered request, in the unit the leases count in. */
export const itemCost = (it: SettleItem) => usdString(costUsd(it.a.price, it.u.promptTokens, it.u.completionTokens));

/**
 * The statements that settle `items`, for withTenantSqlOnce: the whole settlement goes to
 * PostgreSQL as ONE round trip (set-up, updates, insert, commit), which costs the database a
 * fraction of a prepared statement per step (measured: ~0.7 ms of server CPU per flush fewer).
 * Every value is a literal: ids and timestamps quoted by `literal`, amounts produced by
 * fromUnits (digits and one point), integers checked.
 * `returns`: unused lease headroom per budget id; `renew`: budget ids this process still holds
 * a lease on (their lease_expires_at moves forward).
 */
function settleStatements(items: SettleItem[], returns = new Map<string, bigint>(), renew: string[] = []): string[] {
  const rates = new Map<string, { key: [number, string, number]; id: string; bucket: Date; tokens: number }>();
  const budgets = new Map<
    string,
    { key: [number, string, number]; id: string; ws: Date | null; release: bigint; spend: bigint }
  >();
  const usage: unknown[][] = [];
  const entry = (id: string, ws: Date | null) => {
    const k = `${id}|${ws?.getTime() ?? ""}`;
    const e = budgets.get(k) ?? {
      key: [0, id, ws?.getTime() ?? 0] as [number, string, number],
      id,
      ws,
      release: 0n,
      spend: 0n,
    };
    budgets.set(k, e);
    return e;
  };
  for (const it of items) {
    const { actor, a, u } = it;
    const cost = itemCost(it);
    const tokens = u.promptTokens + u.completionTokens;
    for (const r of a.rateBuckets) {
      if (r.redisKey) continue; // counted in Redis by the settler
      const k = `${r.id}|${r.bucketStart.getTime()}`;
      const e = rates.get(k) ?? {
        key: [r.rank, r.id, r.bucketStart.getTime()] as [number, string, number],
        id: r.id,
        bucket: r.bucketStart,
        tokens: 0,
      };
      e.tokens += tokens;
      rates.set(k, e);
    }
    for (const b of a.budgets) {
      // Spend lands in the window the request ended in.
      const e = entry(b.id, currentWindowStart(b.windowStart, u.now, b.window, b.mode));
      e.release += toUnits(cost);
      e.spend += toUnits(cost);
    }
    const l = a.levels;
    usage.push([
      actor.tenantId,
      u.requestId,
      l.virtualKeyId ?? null,
      l.userId ?? null,
      l.teamId ?? null,
      l.customerId ?? null,
      a.provider.name,
      a.upstreamModel,
      u.promptTokens,
      u.completionTokens,
      cost,
      u.latencyMs,
      u.status,
      u.httpStatus,
      u.stream,
      u.now,
    ]);
  }
  for (const [id, units] of returns) entry(id, null).release += units;
  for (const id of renew) entry(id, null);
  const out: string[] = [];
  for (const r of [...rates.values()].sort((x, y) => cmp(x.key, y.key))) {
    if (r.tokens > 0)
      out.push(
        `UPDATE rate_limit_counters SET tokens = tokens + ${literal(r.tokens)} WHERE rate_limit_id = ${literal(r.id)} AND bucket_start = ${literal(r.bucket)}`,
      );
  }
  const held = new Set(renew);
  for (const b of [...budgets.values()].sort((x, y) => cmp(x.key, y.key))) {
    const ws = b.ws ? `${literal(b.ws)}::timestamptz` : "window_start";
    out.push(`UPDATE budgets SET
         reserved_usd = GREATEST(reserved_usd - ${literal(fromUnits(b.release))}::numeric, 0),
         spent_usd = (CASE WHEN window_start < ${ws} THEN 0 ELSE spent_usd END) + ${literal(fromUnits(b.spend))}::numeric,
         window_start = GREATEST(window_start, ${ws})${
           held.has(b.id)
             ? `,
         lease_expires_at = now() + ${literal(LEASE_TTL_MS)} * interval '1 millisecond'`
             : ""
         }
        WHERE id = ${literal(b.id)}`);
  }
  // All usage records in one statement, as one JSON literal.
  if (usage.length)
    out.push(`${INSERT_USAGE_JSON} FROM jsonb_array_elements(${literal(JSON.stringify(usage))}::jsonb) AS e`);
  return out;
}

/** Settles in one transaction and one round trip (see settleStatements). */
export async function settleBatch(
  db: Database,
  tenantId: string,
  items: SettleItem[],
  returns?: Map<string, bigint>,
  renew?: string[],
): Promise<void> {
  const statements = settleStatements(items, returns, renew);
  if (statements.length) await withTenantSqlOnce(db, tenantId, statements);
}

const INSERT_USAGE_JSON = `
  INSERT INTO usage_records (tenant_id, request_id, virtual_key_id, user_id, team_id, customer_id, provider, model,
    prompt_tokens, completion_tokens, cost_usd, latency_ms, status, http_status, stream, ts)
  SELECT e->>0, e->>1, e->>2, e->>3, e->>4, e->>5, e->>6, e->>7, (e->>8)::int, (e->>9)::int, (e->>10)::numeric,
         (e->>11)::int, e->>12, (e->>13)::int, (e->>14)::boolean, (e->>15)::timestamptz`;
