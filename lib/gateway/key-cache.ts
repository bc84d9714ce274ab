// A short-lived cache of what admission needs to know about a virtual key (its hierarchy, the
// provider and price of the model, the budgets and rate limits of every level), so a request
// does not pay a database round trip for it. Bound: a change to the key (revocation, expiry,
// allow-lists, limits, prices) takes effect within WARDEN_GATEWAY_CACHE_MS (default 1000 ms)
// plus one background reload, and never later than twice that (lib/cache/refreshing.ts).
// Spend and counters are never cached: budgets go through leases, rate limits through PostgreSQL
// (or Redis when REDIS_URL is set, ADR 0010).
import "server-only";
import { RefreshingCache } from "@/lib/cache/refreshing";
import type { KeyBundle } from "./loaders";

const TTL_MS = Number(process.env.WARDEN_GATEWAY_CACHE_MS ?? 1000);
// Refreshed in the background after TTL_MS; never served older than twice that.
const cache = new RefreshingCache<KeyBundle>(TTL_MS, 2 * TTL_MS);

export function cachedKeyBundle(
  tenantId: string,
  keyId: string,
  providerName: string | null,
  model: string,
  load: () => Promise<KeyBundle>,
): Promise<KeyBundle> {
  return cache.get(`${tenantId}|${keyId}|${providerName ?? ""}|${model}`, load);
}
