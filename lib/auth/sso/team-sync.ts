// IdP groups -> team memberships. Each group becomes a team (created when missing); memberships
// that came from the IdP (source "idp") and whose group is gone are removed. Memberships an
// admin or the seed made by hand are left alone. Values that map to a role are not teams.
import "server-only";
import { effectiveMapping, type RoleMapping } from "@/lib/identity/role-mapping";
import { type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";

export interface TeamSyncResult {
  added: string[];
  removed: string[];
  created: string[];
}

export async function syncIdpTeams(
  tx: TenantTx,
  userId: string,
  groups: string[],
  mapping: RoleMapping,
): Promise<TeamSyncResult> {
  const tenantId = await tenantIdOf(tx);
  const roleValues = effectiveMapping(mapping);
  const wanted = [
    ...new Set(groups.map((g) => g.trim()).filter((g) => g && g.length <= 200 && !roleValues.has(g.toLowerCase()))),
  ];
  const result: TeamSyncResult = { added: [], removed: [], created: [] };

  const teams = await tx.team.findMany({ where: { name: { in: wanted } }, select: { id: true, name: true } });
  const byName = new Map(teams.map((t) => [t.name, t.id]));
  for (const name of wanted) {
    if (byName.has(name)) continue;
    const team = await tx.team.create({
      data: { tenantId, name, description: "Created from an identity-provider group" },
    });
    byName.set(name, team.id);
    result.created.push(name);
  }

  const current = await tx.teamMembership.findMany({
    where: { userId },
    select: { teamId: true, source: true, team: { select: { name: true } } },
  });
  const have = new Set(current.map((m) => m.teamId));
  for (const name of wanted) {
    const teamId = byName.get(name)!;
    if (have.has(teamId)) continue;
    await tx.teamMembership.create({ data: { tenantId, teamId, userId, source: "idp" } });
    result.added.push(name);
  }
  const keep = new Set(wanted.map((n) => byName.get(n)));
  for (const m of current) {
    if (m.source !== "idp" || keep.has(m.teamId)) continue;
    await tx.teamMembership.delete({ where: { teamId_userId: { teamId: m.teamId, userId } } });
    result.removed.push(m.team.name);
  }
  return result;
}
