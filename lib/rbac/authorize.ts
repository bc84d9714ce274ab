// Server-side permission checks. The one place an Actor is compared with a permission, and
// the one place a role (built-in or custom) turns into a permission set.
import "server-only";
import type { Actor, ResourceScope } from "@/lib/auth/actor";
import { WardenError } from "@/lib/errors";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { isBuiltInRole, isPermission, ROLE_LABEL, ROLE_PERMISSIONS, type Permission } from "./permissions";
import { parseScope } from "./scope";

export type Access = Permission | "public" | "authenticated";

export function authorize(actor: Actor, access: Access): void {
  if (access === "public" || access === "authenticated") return;
  if (!actor.permissions.has(access)) {
    throw new WardenError("user_not_authorized", `This action requires the permission ${access}`);
  }
}

/**
 * The permissions a built-in role grants. Unknown names grant nothing (fail closed).
 * Callers that may meet a custom role use permissionsFor() instead.
 */
export async function permissionsForRole(role: string): Promise<ReadonlySet<Permission>> {
  return isBuiltInRole(role) ? ROLE_PERMISSIONS[role] : new Set();
}

export interface EffectiveRole {
  /** Actor.role: the built-in name, or the custom role id when one is assigned. */
  role: string;
  roleName: string;
  permissions: ReadonlySet<Permission>;
  scope?: ResourceScope;
}

/**
 * A user's effective role: the custom role when one is assigned (it replaces the built-in
 * role, see docs/decisions/0003-custom-roles.md), else the built-in role. Runs inside the
 * tenant transaction, so another tenant's role id simply is not found: that grants nothing.
 */
export async function permissionsFor(tx: TenantTx, who: { role: string; customRoleId?: string | null }): Promise<EffectiveRole> {
  if (who.customRoleId) {
    const row = await tx.customRole.findUnique({ where: { id: who.customRoleId } });
    if (!row) return { role: who.customRoleId, roleName: "Unknown role", permissions: new Set() };
    const scope = parseScope(row.resourceScope);
    return {
      role: row.id,
      roleName: row.name,
      // Stored names that left the vocabulary grant nothing.
      permissions: new Set(row.permissions.filter(isPermission)),
      ...(scope ? { scope } : {}),
    };
  }
  return {
    role: who.role,
    roleName: isBuiltInRole(who.role) ? ROLE_LABEL[who.role] : who.role,
    permissions: await permissionsForRole(who.role),
  };
}
