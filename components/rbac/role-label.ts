import { ROLE_LABEL, isBuiltInRole } from "@/lib/rbac/permissions";

/** Built-in roles get their display name; a custom role shows its name (or its id if unknown). */
export function roleLabel(role: string, roleName?: string): string {
  return isBuiltInRole(role) ? ROLE_LABEL[role] : (roleName ?? role);
}
