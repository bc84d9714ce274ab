// Budgets and rate limits set on their own (the console's Budgets & limits page): the same
// replaceLimits as the owners' create/update, audited as an update of the owner.
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit, auditActor } from "@/lib/audit/append";
import { WardenError } from "@/lib/errors";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { limitsOf, limitsSchema, replaceLimits } from "./limits";
import { assertOwnerInScope, scopedOwnerName } from "./scope";

export const OWNER_TYPES = ["customer", "team", "user", "virtual_key"] as const;
export type LimitOwner = (typeof OWNER_TYPES)[number];

/** A change of an owner's limits is an update of that owner in the audit trail. */
const UPDATE_ACTION = {
  customer: "customer.update",
  team: "team.update",
  user: "user.update",
  virtual_key: "virtual_key.update",
} as const satisfies Record<LimitOwner, string>;

export const ownerLimitsSchema = z.object({
  owner_type: z.enum(OWNER_TYPES),
  owner_id: z.string().min(1, "Choose an owner").max(100),
  budgets: limitsSchema.shape.budgets.unwrap().default([]),
  rate_limits: limitsSchema.shape.rate_limits.unwrap().default([]),
});

/**
 * The owner's display name, or not_found (another tenant's id, or a team, user or key outside the
 * actor's team scope). Customers are not team-scoped resources: a scoped role may read them (the
 * Customers page), but not change their limits (setOwnerLimits).
 */
export async function ownerName(
  tx: TenantTx,
  actor: Pick<Actor, "scope">,
  type: LimitOwner,
  id: string,
): Promise<string> {
  // Reading a customer needs no team scope; every other owner is looked up inside it.
  const name = await scopedOwnerName(tx, type === "customer" ? {} : actor, type, id);
  if (name === null) throw new WardenError("not_found", "No such owner");
  return name;
}

export async function setOwnerLimits(
  tx: TenantTx,
  actor: Actor,
  input: z.infer<typeof ownerLimitsSchema>,
  now = new Date(),
) {
  await assertOwnerInScope(tx, actor, input.owner_type, input.owner_id);
  if (
    input.owner_type === "virtual_key" &&
    (await tx.virtualKey.count({ where: { id: input.owner_id, revokedAt: null } })) === 0
  )
    throw new WardenError("not_found", "Virtual key not found");
  await replaceLimits(tx, input.owner_type, input.owner_id, input, now);
  await appendAudit(tx, {
    action: UPDATE_ACTION[input.owner_type],
    outcome: "success",
    actor: auditActor(actor),
    target: { type: input.owner_type, id: input.owner_id },
    requestId: actor.requestId,
    details: { budgets: input.budgets, rate_limits: input.rate_limits },
  });
  return limitsOf(tx, input.owner_id, now);
}
