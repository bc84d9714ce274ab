// Settlement queue: answered requests are settled in batches off the hot path: a timer flushes
// every FLUSH_MS (default 50 ms), one transaction per tenant. Each flush also gives back the
// headroom of idle budget leases and renews the leases still held.
// Crash semantics: usage records and spend of requests answered in the last flush interval
// (<= ~100 ms) are lost if the process dies; their leased headroom stays reserved until the
// lease expires (leases.ts), so a crash can make a budget stricter, never looser. SIGTERM
// (scripts/gateway.ts) calls settled(), which loses nothing.
import "server-only";
import type { Database } from "@/lib/db/runtime";
import {
  acquisitionsDone,
  collectReturns,
  heldBudgetIds,
  leaseDb,
  leaseFor,
  leaseTenants,
  LEASE_TTL_MS,
  settledSpend,
  toUnits,
} from "@/lib/gateway/leases";
import { addToCounters, rateRedis } from "@/lib/gateway/rate-redis";
import { itemCost, settleBatch, type SettleItem } from "@/lib/gateway/settle-batch";
import { log } from "@/lib/observability/log";
import { beforeScrape, settlementFailures, settlementLag, settlementQueue } from "@/lib/observability/metrics";

const FLUSH_MS = Number(process.env.WARDEN_GATEWAY_FLUSH_MS || 50);
const BATCH_MAX = 1000;
const queues = new Map<string, { db: Database; items: SettleItem[] }>();
const running = new Map<string, Promise<void>>();
const lastRenew = new Map<string, number>();
/** performance.now() when each item was queued, for the settlement lag histogram. */
const enqueuedAt = new WeakMap<SettleItem, number>();
beforeScrape(() => settlementQueue.set([...queues.values()].reduce((n, q) => n + q.items.length, 0)));

async function flush(db: Database, tenantId: string, items: SettleItem[], all: boolean): Promise<void> {
  const returns = collectReturns(tenantId, all);
  const due = Date.now() - (lastRenew.get(tenantId) ?? 0) > LEASE_TTL_MS / 3;
  const renew = due ? heldBudgetIds(tenantId) : [];
  if (due) lastRenew.set(tenantId, Date.now());
  try {
    await settleBatch(db, tenantId, items, returns, renew);
  } catch (e) {
    // One retry as single items, so one bad row cannot strand a whole batch.
    settlementFailures.inc();
    log.error({ err: e, items: items.length }, "gateway: batch settlement failed, retrying one by one");
    await settleBatch(db, tenantId, [], returns, renew).catch((err) =>
      log.error({ err }, "gateway: lease return failed"),
    );
    for (const it of items) {
      await settleBatch(db, tenantId, [it]).catch((err) =>
        log.error({ request_id: it.u.requestId, err }, "gateway: settlement failed"),
      );
    }
  }
  const now = performance.now();
  for (const it of items) {
    const at = enqueuedAt.get(it);
    if (at !== undefined) settlementLag.observe((now - at) / 1000);
  }
  for (const it of items) for (const b of it.a.budgets) settledSpend(b.id, toUnits(itemCost(it)));
  await redisTokens(items);
}

/** Tokens of answered requests whose rate-limit counters live in Redis (rate-redis.ts). */
async function redisTokens(items: SettleItem[]): Promise<void> {
  const sums = new Map<string, number>();
  for (const it of items) {
    const n = it.u.promptTokens + it.u.completionTokens;
    for (const r of it.a.rateBuckets) if (r.redisKey && n > 0) sums.set(r.redisKey, (sums.get(r.redisKey) ?? 0) + n);
  }
  const redis = sums.size ? rateRedis() : null;
  if (!redis) return;
  await addToCounters(
    await redis,
    "t",
    [...sums].map(([key, n]) => ({ key, n })),
  ).catch((err) => log.error({ err }, "gateway: could not add tokens to rate-limit counters"));
}

async function drain(tenantId: string, all = false): Promise<void> {
  try {
    // One batch per tick: requests answered while a batch commits wait for the next tick, so
    // under load a flush carries ~FLUSH_MS of requests instead of chasing each few new ones.
    // Only a full batch (a backlog) or a final drain (`all`) goes round again at once.
    for (;;) {
      const q = queues.get(tenantId);
      const items = q ? q.items.splice(0, BATCH_MAX) : [];
      const db = q?.db ?? leaseDb(tenantId);
      if (db) await flush(db, tenantId, items, all);
      if (items.length < BATCH_MAX && !(all && q?.items.length)) break;
    }
  } finally {
    running.delete(tenantId);
  }
}

function kick(tenantId: string, all = false): Promise<void> {
  let p = running.get(tenantId);
  if (!p) {
    p = drain(tenantId, all);
    running.set(tenantId, p);
  }
  return p;
}

let timer: NodeJS.Timeout | null = null;
function ensureTimer() {
  if (timer) return;
  timer = setInterval(() => {
    for (const t of new Set([...leaseTenants(), ...[...queues].filter(([, q]) => q.items.length).map(([k]) => k)]))
      void kick(t);
  }, FLUSH_MS);
  timer.unref();
}

export function enqueueSettlement(db: Database, item: SettleItem): void {
  const tenantId = item.actor.tenantId;
  const cost = toUnits(itemCost(item));
  for (const b of item.a.budgets) leaseFor(db, tenantId, b.id).finish(b.need, cost);
  const q = queues.get(tenantId) ?? { db, items: [] };
  enqueuedAt.set(item, performance.now());
  q.items.push(item);
  queues.set(tenantId, q);
  ensureTimer();
}

/**
 * Resolves when every queued settlement has committed and every lease's unused headroom is
 * back in PostgreSQL (tests, graceful shutdown).
 */
export async function settled(): Promise<void> {
  await acquisitionsDone();
  while (running.size) await Promise.all([...running.values()]);
  for (const t of new Set([...queues.keys(), ...leaseTenants()])) {
    await kick(t, true);
    while (running.size) await Promise.all([...running.values()]);
  }
}
