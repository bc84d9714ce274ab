// A short-lived cache of what admission needs to know about a virtual key (its hierarchy, the
// provider and price of the model, the budgets and rate limits of every level), so a request
// does not pay a database round trip for it. Bound: a change to the key (revocation, expiry,
// allow-lists, limits, prices) takes effect within WARDEN_GATEWAY_CACHE_MS (default 1000 ms).
// Spend and counters are never cached: budgets go through leases, rate limits through PostgreSQL
// (or Redis when REDIS_URL is set, ADR 0010).
import "server-only";
import type { KeyBundle } from "./context";

const TTL_MS = Number(process.env.WARDEN_GATEWAY_CACHE_MS ?? 1000);
const MAX = 10_000;
const cache = new Map<string, { at: number; value: Promise<KeyBundle> }>();

export function cachedKeyBundle(tenantId: string, keyId: string, providerName: string | null, model: string, load: () => Promise<KeyBundle>): Promise<KeyBundle> {
  const k = `${tenantId}|${keyId}|${providerName ?? ""}|${model}`;
  const now = Date.now();
  const hit = cache.get(k);
  if (hit && now - hit.at < TTL_MS) return hit.value;
  if (cache.size >= MAX) cache.clear();
  // Concurrent misses share one load; a failed load is not kept.
  const value = load();
  cache.set(k, { at: now, value });
  value.catch(() => cache.get(k)?.value === value && cache.delete(k));
  return value;
}
