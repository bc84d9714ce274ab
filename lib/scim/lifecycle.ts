// What provisioning changes about access: deactivation revokes a user's sessions and API keys
// in the same transaction as the change; group membership drives the built-in role through
// the tenant's group -> role mappings (several mapped groups: the highest role wins).
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit, auditActor } from "@/lib/audit/append";
import { endSessions } from "@/lib/auth/sessions/records";
import { isBuiltInRole, ROLE_RANK, type BuiltInRole } from "@/lib/rbac/permissions";
import type { TenantTx } from "@/lib/tenancy/with-tenant";

export interface RevokedAccess {
  sessionsRevokedAt: Date;
  apiKeysRevoked: number;
}

/**
 * Ends everything a user can still do: sessions issued before now stop resolving (the session
 * method compares users.sessions_revoked_at) and the user's live control-plane API keys are
 * revoked. Reactivation restores sign-in only; revoked keys stay revoked.
 */
export async function revokeUserAccess(tx: TenantTx, userId: string): Promise<RevokedAccess> {
  const now = new Date();
  await tx.user.update({ where: { id: userId }, data: { sessionsRevokedAt: now } });
  // Its console session records end too (audited, reason account_disabled).
  await endSessions(tx, { userId }, "account_disabled");
  // RLS limits the update to the tenant, so another tenant's key with the same created_by is untouched.
  const { count: apiKeysRevoked } = await tx.apiKey.updateMany({
    where: { createdBy: userId, revokedAt: null },
    data: { revokedAt: now },
  });
  return { sessionsRevokedAt: now, apiKeysRevoked };
}

/** The highest mapped role among a user's groups, or null when no mapped group applies. */
export function highestRole(groupNames: string[], mappings: Map<string, string>): BuiltInRole | null {
  let best: BuiltInRole | null = null;
  for (const g of groupNames) {
    const r = mappings.get(g.toLowerCase());
    if (r && isBuiltInRole(r) && (!best || ROLE_RANK[r] > ROLE_RANK[best])) best = r;
  }
  return best;
}

/**
 * Recomputes the role of SCIM-managed users from their groups. Users outside every mapped
 * group fall back to viewer; users not managed by SCIM keep the role an admin gave them.
 * Returns the users whose role changed, for the audit entry.
 */
export async function applyGroupRoles(
  tx: TenantTx,
  userIds: string[],
): Promise<{ userId: string; from: string; to: string }[]> {
  if (userIds.length === 0) return [];
  const rows = await tx.scimGroupRoleMapping.findMany();
  if (rows.length === 0) return [];
  const mappings = new Map(rows.map((r) => [r.groupDisplayName.toLowerCase(), r.role]));
  const users = await tx.user.findMany({
    where: { id: { in: userIds }, scimManaged: true },
    select: { id: true, role: true, memberships: { select: { team: { select: { name: true } } } } },
  });
  const changed: { userId: string; from: string; to: string }[] = [];
  for (const u of users) {
    const to =
      highestRole(
        u.memberships.map((m) => m.team.name),
        mappings,
      ) ?? "viewer";
    if (to === u.role) continue;
    await tx.user.update({ where: { id: u.id }, data: { role: to } });
    changed.push({ userId: u.id, from: u.role, to });
  }
  return changed;
}

/** A role changed by group mapping is a privilege change: one role.assign entry per user. */
export async function auditRoleChanges(
  tx: TenantTx,
  actor: Actor,
  changes: { userId: string; from: string; to: string }[],
): Promise<void> {
  for (const c of changes) {
    await appendAudit(tx, {
      action: "role.assign",
      outcome: "success",
      actor: auditActor(actor),
      target: { type: "user", id: c.userId },
      details: { from: c.from, to: c.to, via: "scim_group_mapping" },
      requestId: actor.requestId,
    });
  }
}
