// Budgets and rate limits read and set on their own, for an owner of any kind
// (GET/PUT /v1/limits/{owner_type}/{owner_id}, the console's Budgets & limits page): the same
// replaceLimits as the owners' create/update, audited as an update of the owner.
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit, auditActor } from "@/lib/audit/append";
import { WardenError } from "@/lib/errors";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { limitsOf, limitsSchema, limitsViewShape, replaceLimits } from "./limits";
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

/** PUT's body: the owner's whole set of budgets and rate limits (an absent list empties it). */
export const ownerLimitsBodySchema = z.object({
  budgets: limitsSchema.shape.budgets.unwrap().default([]).describe("Replaces the owner's budgets"),
  rate_limits: limitsSchema.shape.rate_limits.unwrap().default([]).describe("Replaces the owner's rate limits"),
});
export type OwnerLimitsBody = z.infer<typeof ownerLimitsBodySchema>;

export const ownerLimitsViewSchema = z
  .object({
    owner_type: z.enum(OWNER_TYPES),
    owner_id: z.string(),
    owner: z.string().describe("The owner's name"),
    ...limitsViewShape,
  })
  .meta({ id: "OwnerLimits" });
export type OwnerLimitsView = z.infer<typeof ownerLimitsViewSchema>;

/** The path's owner type, or not_found: an unknown kind of owner names no resource. */
export function ownerTypeOf(raw: string): LimitOwner {
  const t = z.enum(OWNER_TYPES).safeParse(raw);
  if (!t.success) throw new WardenError("not_found", `No owner type "${raw}" (one of ${OWNER_TYPES.join(", ")})`);
  return t.data;
}

/** One owner's limits with its name; not_found outside the tenant or the caller's team scope. */
export async function getOwnerLimits(
  tx: TenantTx,
  actor: Pick<Actor, "scope">,
  type: LimitOwner,
  id: string,
  now = new Date(),
): Promise<OwnerLimitsView> {
  const owner = await ownerName(tx, actor, type, id);
  return { owner_type: type, owner_id: id, owner, ...(await limitsOf(tx, id, now)) };
}

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

/**
 * Replaces one owner's budgets and rate limits. A team, user or key outside the caller's team
 * scope is not_found, and so is every customer for a scoped caller; so is a revoked key.
 */
export async function setOwnerLimits(
  tx: TenantTx,
  actor: Actor,
  type: LimitOwner,
  id: string,
  body: OwnerLimitsBody,
  now = new Date(),
): Promise<OwnerLimitsView> {
  const input = { owner_type: type, owner_id: id, ...body };
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
  return getOwnerLimits(tx, actor, type, id, now);
}
