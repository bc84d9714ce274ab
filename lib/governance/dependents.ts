// Deleting a customer, team or provider (ADR 0022): refused with 409 conflict while anything still
// depends on it, the message naming what (counts by kind); otherwise the row goes together with
// what it owns (its budgets and rate limits, revoked keys). Both outcomes are audited under the
// owner's <type>.delete action: the refusal through AuditedRefusal (written after the rollback).
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { auditActor } from "@/lib/audit/append";
import { AuditedRefusal } from "@/lib/audit/refusal";
import type { TenantTx } from "@/lib/tenancy/with-tenant";

export type DeletableType = "customer" | "team" | "provider";

/** What still depends on a row: a kind named in the singular and plural, and how many. */
export type Dependent = { one: string; many: string; count: number };

export function describeDependents(deps: Dependent[]): string {
  return deps
    .filter((d) => d.count > 0)
    .map((d) => `${d.count} ${d.count === 1 ? d.one : d.many}`)
    .join(", ");
}

/**
 * Throws 409 conflict (audited as <type>.delete, outcome failure) when any dependent is left.
 * The message names the object and every kind still depending on it, with counts.
 */
export function refuseWhileDependents(
  actor: Actor,
  type: DeletableType,
  row: { id: string; name: string },
  deps: Dependent[],
  opts: { still: string; hint: string },
): void {
  const left = deps.filter((d) => d.count > 0);
  if (!left.length) return;
  const label = type === "customer" ? "Customer" : type === "team" ? "Team" : "Provider";
  throw new AuditedRefusal(
    "conflict",
    `${label} "${row.name}" cannot be deleted: it ${opts.still} ${describeDependents(left)}. ${opts.hint}`,
    {
      action: `${type}.delete`,
      outcome: "failure",
      actor: auditActor(actor),
      target: { type, id: row.id },
      requestId: actor.requestId,
      details: {
        reason: "dependents",
        name: row.name,
        dependents: Object.fromEntries(left.map((d) => [d.many.replace(/ /g, "_"), d.count])),
      },
    },
  );
}

/** A key that can still be used or revived: not revoked, and not an old secret past its rotation overlap. */
export function liveKeyWhere(now: Date) {
  return { revokedAt: null, OR: [{ overlapUntil: null }, { overlapUntil: { gt: now } }] };
}

/**
 * Removes what an owner takes with it: its own budgets and rate limits, and those of the
 * revoked (or retired) keys deleted with it; their compliance policies go too.
 */
export async function deleteOwnedLimits(
  tx: TenantTx,
  ownerIds: string[],
  keyIds: string[],
): Promise<{ budgets: number; rate_limits: number }> {
  const ids = [...ownerIds, ...keyIds];
  const budgets = await tx.budget.deleteMany({ where: { ownerId: { in: ids } } });
  const rateLimits = await tx.rateLimit.deleteMany({ where: { ownerId: { in: ids } } });
  if (keyIds.length)
    await tx.compliancePolicy.deleteMany({ where: { scopeType: "virtual_key", scopeId: { in: keyIds } } });
  return { budgets: budgets.count, rate_limits: rateLimits.count };
}
