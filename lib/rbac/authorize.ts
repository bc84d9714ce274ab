// Server-side permission checks. The one place an Actor is compared with a permission.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { WardenError } from "@/lib/errors";
import { isBuiltInRole, ROLE_PERMISSIONS, type Permission } from "./permissions";

export type Access = Permission | "public" | "authenticated";

export function authorize(actor: Actor, access: Access): void {
  if (access === "public" || access === "authenticated") return;
  if (!actor.permissions.has(access)) {
    throw new WardenError("user_not_authorized", `This action requires the permission ${access}`);
  }
}

/**
 * The permissions a role grants. Built-in roles come from the matrix; unknown roles grant
 * nothing (fail closed). Custom roles are resolved here by the RBAC work.
 */
export async function permissionsForRole(role: string): Promise<ReadonlySet<Permission>> {
  return isBuiltInRole(role) ? ROLE_PERMISSIONS[role] : new Set();
}
