// Rate-limit counters in Redis, used instead of PostgreSQL's rate_limit_counters when REDIS_URL
// is set (ADR 0010). One Lua script checks every limit of a request and, only when all pass,
// counts the request in each: atomic across any number of gateway processes, and all-or-nothing
// (nothing to give back when one limit refuses). Tokens are added by the settlement flush.
// A counter lives in a hash {r: requests, t: tokens} under a key per (limit, bucket), expiring a
// minute after its bucket ends. The tenant id is the key's hash tag, so one request's keys share
// a slot. REDIS_URL set but Redis unreachable: requests with rate limits fail closed (503), they are
// never counted in process memory or waved through.
import "server-only";
import { createHash } from "node:crypto";
import { createClient } from "redis";
import { log } from "@/lib/observability/log";

type Client = ReturnType<typeof createClient>;

// KEYS: one counter per limit. ARGV: per key (requests limit or -1, tokens limit or -1, ttl ms).
// Returns 0 when the request was counted, else the 1-based index of the first limit reached.
const TAKE = `
for i = 1, #KEYS do
  local rl = tonumber(ARGV[i * 3 - 2])
  local tl = tonumber(ARGV[i * 3 - 1])
  local v = redis.call('HMGET', KEYS[i], 'r', 't')
  local r = tonumber(v[1]) or 0
  local t = tonumber(v[2]) or 0
  if rl == 0 or (rl > 0 and r + 1 > rl) or (tl > 0 and t >= tl) then return i end
end
for i = 1, #KEYS do
  redis.call('HINCRBY', KEYS[i], 'r', 1)
  redis.call('PEXPIRE', KEYS[i], ARGV[i * 3])
end
return 0`;

// KEYS: counters; ARGV: field, then one amount per key. Never goes below zero.
const ADD = `
for i = 1, #KEYS do
  local n = redis.call('HINCRBY', KEYS[i], ARGV[1], ARGV[i + 1])
  if n < 0 then redis.call('HSET', KEYS[i], ARGV[1], 0) end
end
return 0`;

let client: Promise<Client> | null = null;

/** The shared client when REDIS_URL is set, else null (counters stay in PostgreSQL). */
export function rateRedis(): Promise<Client> | null {
  const url = process.env.REDIS_URL;
  if (!url) return null;
  if (!client) {
    // No offline queue: while Redis is away, commands fail at once (503 to the caller) instead of piling up.
    const c = createClient({
      url,
      disableOfflineQueue: true,
      socket: { connectTimeout: 2000, reconnectStrategy: (n) => Math.min(50 * 2 ** n, 2000) },
    });
    c.on("error", (e: Error) => log.error({ err: e }, "redis error"));
    const p = Promise.race([
      c.connect().then(() => c as Client),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`Redis at REDIS_URL is not reachable`)), 3000).unref(),
      ),
    ]);
    client = p;
    p.catch(() => {
      if (client === p) client = null;
      void c.destroy();
    });
  }
  return client;
}

export const counterKey = (tenantId: string, rateLimitId: string, bucketStart: Date) =>
  `warden:rl:{${tenantId}}:${rateLimitId}:${bucketStart.getTime()}`;

export interface RedisLimit {
  key: string;
  requests: number | null;
  tokens: number | null;
  ttlMs: number;
}

// Scripts run by their SHA1 (EVALSHA), so a request sends the keys and numbers, not the script;
// a Redis that lost its script cache (restart, SCRIPT FLUSH) gets it again on NOSCRIPT.
const SHA = new Map([TAKE, ADD].map((s) => [s, createHash("sha1").update(s).digest("hex")]));
async function run(c: Client, script: string, keys: string[], args: string[]): Promise<unknown> {
  try {
    return await c.evalSha(SHA.get(script)!, { keys, arguments: args });
  } catch (e) {
    if (!String((e as Error).message).startsWith("NOSCRIPT")) throw e;
    return c.eval(script, { keys, arguments: args });
  }
}

/** Counts the request against every limit, or none: returns the index of the first limit reached, or -1. */
export async function takeRates(c: Client, limits: RedisLimit[]): Promise<number> {
  const args = limits.flatMap((l) => [
    String(l.requests ?? -1),
    String(l.tokens ?? -1),
    String(Math.max(1000, Math.round(l.ttlMs))),
  ]);
  return (
    Number(
      await run(
        c,
        TAKE,
        limits.map((l) => l.key),
        args,
      ),
    ) - 1
  );
}

/** Adds `field` amounts (tokens settled, or -1 requests given back) to counters. */
export async function addToCounters(c: Client, field: "r" | "t", adds: { key: string; n: number }[]): Promise<void> {
  if (!adds.length) return;
  await run(
    c,
    ADD,
    adds.map((a) => a.key),
    [field, ...adds.map((a) => String(a.n))],
  );
}

/** Closes the client (tests, graceful shutdown). */
export async function closeRateRedis(): Promise<void> {
  const c = client;
  client = null;
  if (c) await (await c.catch(() => null))?.quit().catch(() => {});
}
