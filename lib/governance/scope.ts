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
export type ScopedOwner = "customer" | "team" | "user" | "virtual_key";

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
  return teams ? { OR: [{ teamId: { in: teams } }, { user: { memberships: { some: { teamId: { in: teams } } } } }] } : {};
}

export function customerScopeWhere(actor: Scoped): Prisma.CustomerWhereInput {
  return scopedTeams(actor) ? { id: { in: [] } } : {};
}

/** Throws not_found unless the owner exists in this tenant and lies in the actor's scope. */
export async function assertOwnerInScope(tx: TenantTx, actor: Scoped, type: ScopedOwner, id: string, what = "owner"): Promise<void> {
  const n =
    type === "customer" ? await tx.customer.count({ where: { AND: [{ id }, customerScopeWhere(actor)] } })
    : type === "team" ? await tx.team.count({ where: { AND: [{ id }, teamScopeWhere(actor)] } })
    : type === "user" ? await tx.user.count({ where: { AND: [{ id }, userScopeWhere(actor)] } })
    : await tx.virtualKey.count({ where: { AND: [{ id }, keyScopeWhere(actor)] } });
  if (n === 0) throw new WardenError("not_found", `No such ${what}`);
}
