// Whether a tenant is suspended (ADR 0032), asked by the one resolver for every credential of a
// tenant (session, API key, OIDC bearer, virtual key, SCIM token, trusted proxy) and by sign-in.
// Answers are kept per process for SUSPENSION_TTL_MS so the gateway's hot path pays one lookup per
// tenant per interval; suspend and resume drop the process's own entry at once, other processes
// (a separate gateway, workers) see the change within the interval.
import "server-only";
import { RefreshingCache } from "@/lib/cache/refreshing";
import type { Database } from "@/lib/db/runtime";
import { WardenError } from "@/lib/errors";
import { allTenantIds, tenantSuspended } from "./system";

export const SUSPENSION_TTL_MS = 2_000;
// Never served stale (fresh = stale bound); concurrent misses for a tenant share one lookup.
const known = new RefreshingCache<boolean>(SUSPENSION_TTL_MS, SUSPENSION_TTL_MS, 10_000);

export function isTenantSuspended(tenantId: string, db?: Database): Promise<boolean> {
  return known.get(tenantId, () => tenantSuspended(tenantId, db));
}

export function suspendedError(): WardenError {
  return new WardenError(
    "tenant_suspended",
    "This organization is suspended by the platform operator; its data is kept. Contact your Warden provider.",
  );
}

export async function assertTenantActive(tenantId: string, db?: Database): Promise<void> {
  if (await isTenantSuspended(tenantId, db)) throw suspendedError();
}

/** Suspend and resume call this so their own process answers the new state at once. */
export function forgetTenantStatus(tenantId: string): void {
  known.delete(tenantId);
}

/**
 * Background work of a suspended tenant (ADR 0038): the per-tenant fan-outs (monitoring
 * evaluation, notification delivery, audit streams, scheduled reports) visit only the tenants this
 * answers, and each per-tenant job asks isTenantSuspended() again when it runs. Chain verification,
 * checkpoints and retention still visit every tenant (lib/jobs/worker.ts says why).
 */
export async function activeTenantIds(db?: Database, ids?: string[]): Promise<string[]> {
  const all = ids ?? (await allTenantIds(db));
  const out: string[] = [];
  for (const id of all) if (!(await isTenantSuspended(id, db))) out.push(id);
  return out;
}
