// Brute-force throttle for credential endpoints: failed attempts are counted per client
// (address) and per subject (key prefix, token subject, user name) in a sliding window; once
// either is over its limit, further attempts are refused with 429 before any verification.
// Per instance: with N instances the effective limit is N times higher, still bounded.
import "server-only";
import { WardenError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";

interface Window {
  hits: number[];
}

export interface ThrottleOptions {
  limit: number;
  windowMs: number;
}

export class FailureThrottle {
  private readonly buckets = new Map<string, Window>();
  constructor(private readonly opts: ThrottleOptions) {}

  private prune(key: string, now: number): Window | undefined {
    const w = this.buckets.get(key);
    if (!w) return undefined;
    w.hits = w.hits.filter((t) => now - t < this.opts.windowMs);
    if (w.hits.length === 0) this.buckets.delete(key);
    return w.hits.length ? w : undefined;
  }

  /** Throws 429 when any of the keys is over its limit. */
  check(keys: string[], now = Date.now()): void {
    for (const key of keys) {
      const w = this.prune(key, now);
      if (w && w.hits.length >= this.opts.limit) {
        const retry = Math.max(1, Math.ceil((w.hits[0] + this.opts.windowMs - now) / 1000));
        throw new WardenError("rate_limited", "Too many failed authentication attempts; try again later", { headers: { "Retry-After": String(retry) } });
      }
    }
  }

  fail(keys: string[], now = Date.now()): void {
    if (this.buckets.size > 50_000) this.buckets.clear(); // bounded memory under a spray of addresses
    for (const key of keys) {
      const w = this.prune(key, now) ?? { hits: [] };
      w.hits.push(now);
      this.buckets.set(key, w);
    }
  }

  reset(): void {
    this.buckets.clear();
  }
}

/** The calling client's address: the one rule in lib/http/client-ip.ts (XFF only from trusted proxies). */
export function clientAddress(headers: Headers): string {
  return clientIp(headers);
}

const n = (raw: string | undefined, d: number) => (raw && Number(raw) > 0 ? Number(raw) : d);

/** Failed bearer / proxy credentials: 20 per minute per client, 10 per minute per subject by default. */
export const bearerClientThrottle = new FailureThrottle({ limit: n(process.env.WARDEN_AUTH_FAILURES_PER_CLIENT, 20), windowMs: 60_000 });
export const bearerSubjectThrottle = new FailureThrottle({ limit: n(process.env.WARDEN_AUTH_FAILURES_PER_SUBJECT, 10), windowMs: 60_000 });
