// Data for Settings -> Roles & permissions, loaded as the console actor (same scope rules as /v1).
import "server-only";
import type { PublicActor } from "@/lib/auth/actor";
import { listTeams } from "@/lib/governance/teams";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { listUsers } from "./users";
import { listRoles } from "@/lib/rbac/custom-roles";

export async function loadRolesPage(actor: PublicActor) {
  const can = new Set(actor.permissions);
  return withTenant(actor, async (tx) => {
    const roles = (await listRoles(tx, { limit: 200 })).data;
    // Team names label scopes; members are shown only to those who may read users.
    const teams = (await listTeams(tx, actor, { limit: 200 })).data.map((t) => ({ id: t.id, name: t.name }));
    const users = can.has("users.read")
      ? (await listUsers(tx, actor, { limit: 200 })).data.sort((a, b) => a.name.localeCompare(b.name))
      : null;
    return { roles, teams, users };
  });
}
