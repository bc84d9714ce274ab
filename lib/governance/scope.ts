// Team scope for governance objects, in ONE place: which teams, users and virtual keys a
// team-scoped role (a custom role limited to some teams, lib/rbac/scope.ts) may see and change.
// A team is in scope when it is listed; a user when they belong to a listed team; a virtual key
// when its team is listed or its user is in scope. Customers sit above teams: a scoped role
// neither sees them as owners nor owns keys or limits at that level. Out of scope answers
// not_found, like a missing id, so scope does not reveal which ids exist.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { WardenError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { scopedTeams } from "@/lib/rbac/scope";
import type { TenantTx } from "@/lib/tenancy/with-tenant";

type Scoped = Pick<Actor, "scope">;
type ScopedOwner = "customer" | "team" | "user" | "virtual_key";

export function teamScopeWhere(actor: Scoped): Prisma.TeamWhereInput {
  const teams = scopedTeams(actor);
  return teams ? { id: { in: teams } } : {};
}

export function userScopeWhere(actor: Scoped): Prisma.UserWhereInput {
  const teams = scopedTeams(actor);
  return teams ? { memberships: { some: { teamId: { in: teams } } } } : {};
}

export function keyScopeWhere(actor: Scoped): Prisma.VirtualKeyWhereInput {
  const teams = scopedTeams(actor);
  return teams
    ? { OR: [{ teamId: { in: teams } }, { user: { memberships: { some: { teamId: { in: teams } } } } }] }
    : {};
}

export function customerScopeWhere(actor: Scoped): Prisma.CustomerWhereInput {
  return scopedTeams(actor) ? { id: { in: [] } } : {};
}

/** The owner's name if it exists in this tenant and lies in the actor's scope (one query), else null. */
export async function scopedOwnerName(
  tx: TenantTx,
  actor: Scoped,
  type: ScopedOwner,
  id: string,
): Promise<string | null> {
  const select = { name: true } as const;
  const row =
    type === "customer"
      ? await tx.customer.findFirst({ where: { AND: [{ id }, customerScopeWhere(actor)] }, select })
      : type === "team"
        ? await tx.team.findFirst({ where: { AND: [{ id }, teamScopeWhere(actor)] }, select })
        : type === "user"
          ? await tx.user.findFirst({ where: { AND: [{ id }, userScopeWhere(actor)] }, select })
          : await tx.virtualKey.findFirst({ where: { AND: [{ id }, keyScopeWhere(actor)] }, select });
  return row?.name ?? null;
}

/** Throws not_found unless the owner exists in this tenant and lies in the actor's scope. */
export async function assertOwnerInScope(tx: TenantTx, actor: Scoped, type: ScopedOwner, id: string): Promise<void> {
  if ((await scopedOwnerName(tx, actor, type, id)) === null) throw new WardenError("not_found", "No such owner");
}
