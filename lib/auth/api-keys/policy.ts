// The API-key lifetime policy, from the environment (per-tenant policy can layer on later).
import "server-only";

export interface ApiKeyPolicy {
  defaultTtlDays: number;
  maxTtlDays: number;
  maxOverlapHours: number;
  /** Overlap used when a rotation does not ask for one. */
  defaultOverlapHours: number;
  /** A key counts as "expiring" this many days before its end. */
  expiringWithinDays: number;
}

function positive(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return raw && Number.isFinite(n) && n > 0 ? n : fallback;
}

export function apiKeyPolicy(env: NodeJS.ProcessEnv = process.env): ApiKeyPolicy {
  const maxTtlDays = positive(env.WARDEN_API_KEY_MAX_TTL_DAYS, 365);
  const maxOverlapHours = positive(env.WARDEN_API_KEY_MAX_OVERLAP_HOURS, 24);
  return {
    defaultTtlDays: Math.min(positive(env.WARDEN_API_KEY_DEFAULT_TTL_DAYS, 90), maxTtlDays),
    maxTtlDays,
    maxOverlapHours,
    defaultOverlapHours: Math.min(1, maxOverlapHours),
    expiringWithinDays: 7,
  };
}
