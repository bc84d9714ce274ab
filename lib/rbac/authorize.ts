// Server-side permission checks. The one place an Actor is compared with a permission, and
// the one place a role (built-in or custom) turns into a permission set.
import "server-only";
import type { Actor, ResourceScope } from "@/lib/auth/actor";
import { WardenError } from "@/lib/errors";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { isBuiltInRole, isPermission, ROLE_LABEL, ROLE_PERMISSIONS, type Permission } from "./permissions";
import { parseScope } from "./scope";

/**
 * "platform.operate": the platform area (ADR 0032), passed by platform operators alone. It is not
 * a tenant permission: no role, custom role or key can hold it, and operators hold no tenant permission.
 */
export type Access = Permission | "platform.operate" | "public" | "authenticated";

export function authorize(actor: Actor, access: Access): void {
  if (access === "platform.operate") {
    if (actor.kind !== "operator") throw new WardenError("user_not_authorized", "This is for platform operators only");
    return;
  }
  if (actor.kind === "operator") throw new WardenError("user_not_authorized", "Platform operators see no tenant data");
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
export async function permissionsFor(
  tx: TenantTx,
  who: { role: string; customRoleId?: string | null },
): Promise<EffectiveRole> {
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

/** How a method names its person: the user id, or the e-mail / IdP subject the sign-in linked. */
export type PersonRef = { id: string } | { email: string } | { externalId: string };

export interface Person {
  id: string;
  email: string;
  name: string;
  active: boolean;
  sessionsRevokedAt: Date | null;
  access: EffectiveRole;
}

/**
 * The effective permissions and scope of a person, read from the database now: THE function
 * every authentication method that names a person calls (session, OIDC bearer of a known user,
 * API keys and SAML keys of a person, trusted proxy), so a custom role (which replaces the
 * built-in role) and its team scope apply to every way in. Runs inside the person's tenant
 * transaction; null when no such user exists there. Callers refuse inactive people.
 */
export async function personAccess(tx: TenantTx, ref: PersonRef): Promise<Person | null> {
  const select = {
    id: true,
    email: true,
    name: true,
    role: true,
    customRoleId: true,
    active: true,
    sessionsRevokedAt: true,
  } as const;
  let user;
  if ("id" in ref) user = await tx.user.findUnique({ where: { id: ref.id }, select });
  else if ("email" in ref) user = await tx.user.findFirst({ where: { email: ref.email.trim().toLowerCase() }, select });
  else {
    // external_id is not unique: two rows carrying one IdP subject name nobody for sure.
    const rows = await tx.user.findMany({ where: { externalId: ref.externalId }, select, take: 2 });
    user = rows.length === 1 ? rows[0] : null;
  }
  if (!user) return null;
  const { role, customRoleId, ...rest } = user;
  return { ...rest, access: await permissionsFor(tx, { role, customRoleId }) };
}

/** What a credential of a person may do: its own grant narrowed to what the person holds now. */
export function narrowTo(person: EffectiveRole, own: ReadonlySet<Permission>): ReadonlySet<Permission> {
  return new Set([...own].filter((p) => person.permissions.has(p)));
}
