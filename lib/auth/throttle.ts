// Brute-force throttle for credential endpoints: failed attempts are counted per client
// (address) and per subject (key prefix, token subject, user name) in a sliding window; once
// either is over its limit, further attempts are refused with 429 before any verification.
// Per instance: with N instances the effective limit is N times higher, still bounded.
import "server-only";
import { WardenError } from "@/lib/errors";
import { log } from "@/lib/observability/log";

export interface ThrottleOptions {
  limit: number;
  windowMs: number;
  /** Entry caps of the three tiers (defaults 50,000 / 20,000 / 20,000): memory stays bounded. */
  capacity?: { fresh?: number; repeat?: number; locked?: number };
}

// Bounded memory that a spray of keys cannot flush. Three tiers, each a Map kept in
// least-recently-failed order:
//   fresh   keys with one failure in the window (a spray of unique keys only ever churns this tier)
//   repeat  keys with 2..limit-1 failures (flushing one needs every sprayed key to fail twice)
//   locked  keys over the limit, with the time they unlock; never evicted before then. If this
//           tier is full of live locks the throttle fails closed: every key is refused until one ends.
export class FailureThrottle {
  private fresh = new Map<string, number>();
  private repeat = new Map<string, number[]>();
  private readonly locked = new Map<string, number>();
  private saturatedUntil = 0;
  private readonly cap: { fresh: number; repeat: number; locked: number };

  constructor(private readonly opts: ThrottleOptions) {
    this.cap = { fresh: 50_000, repeat: 20_000, locked: 20_000, ...opts.capacity };
  }

  /** Entries held across the tiers (for tests and diagnostics). */
  get size(): number {
    return this.fresh.size + this.repeat.size + this.locked.size;
  }

  private refuse(until: number, now: number): never {
    const retry = Math.max(1, Math.ceil((until - now) / 1000));
    throw new WardenError("rate_limited", "Too many failed authentication attempts; try again later", {
      headers: { "Retry-After": String(retry) },
    });
  }

  /** Throws 429 when any of the keys is over its limit. */
  check(keys: string[], now = Date.now()): void {
    if (now < this.saturatedUntil) this.refuse(this.saturatedUntil, now);
    for (const key of keys) {
      const until = this.locked.get(key);
      if (until === undefined) continue;
      if (now < until) this.refuse(until, now);
      this.locked.delete(key);
    }
  }

  fail(keys: string[], now = Date.now()): void {
    for (const key of keys) this.failOne(key, now);
  }

  private failOne(key: string, now: number): void {
    const w = this.opts.windowMs;
    const until = this.locked.get(key);
    if (until !== undefined && now < until) return;
    this.locked.delete(key);
    const first = this.fresh.get(key);
    this.fresh.delete(key);
    const hits = (this.repeat.get(key) ?? (first !== undefined ? [first] : [])).filter((t) => now - t < w);
    this.repeat.delete(key);
    hits.push(now);
    if (hits.length >= this.opts.limit) {
      // Locked until the oldest counted failure leaves the window, as a sliding window would.
      this.lock(key, hits[hits.length - this.opts.limit] + w, now);
    } else if (hits.length > 1) {
      this.repeat = this.pruned(this.repeat, this.cap.repeat, (v) => now - v[v.length - 1] >= w);
      this.repeat.set(key, hits);
    } else {
      this.fresh = this.pruned(this.fresh, this.cap.fresh, (t) => now - t >= w);
      this.fresh.set(key, now);
    }
  }

  private lock(key: string, until: number, now: number): void {
    if (this.locked.size >= this.cap.locked) {
      for (const [k, u] of this.locked) if (u <= now) this.locked.delete(k);
    }
    if (this.locked.size >= this.cap.locked) {
      // Forgetting a live lock would reopen that subject; refuse everyone instead, until the first lock ends.
      if (this.saturatedUntil <= now) log.error("authentication failure throttle saturated; refusing all attempts");
      this.saturatedUntil = Math.min(...this.locked.values());
      return;
    }
    this.locked.set(key, until);
  }

  /**
   * At the cap: keeps the live entries minus the least-recent quarter, in a new Map. Rebuilding in
   * one pass keeps eviction amortised O(1); deleting from a Map's front one by one is quadratic in V8.
   */
  private pruned<V>(map: Map<string, V>, cap: number, expired: (v: V) => boolean): Map<string, V> {
    if (map.size < cap) return map;
    const live = [...map].filter(([, v]) => !expired(v));
    return new Map(live.length < cap ? live : live.slice(live.length - Math.floor(cap * 0.75)));
  }

  reset(): void {
    this.fresh.clear();
    this.repeat.clear();
    this.locked.clear();
    this.saturatedUntil = 0;
  }
}

const n = (raw: string | undefined, d: number) => (raw && Number(raw) > 0 ? Number(raw) : d);

/** Failed bearer / proxy credentials: 20 per minute per client, 10 per minute per subject by default. */
export const bearerClientThrottle = new FailureThrottle({
  limit: n(process.env.WARDEN_AUTH_FAILURES_PER_CLIENT, 20),
  windowMs: 60_000,
});
export const bearerSubjectThrottle = new FailureThrottle({
  limit: n(process.env.WARDEN_AUTH_FAILURES_PER_SUBJECT, 10),
  windowMs: 60_000,
});
