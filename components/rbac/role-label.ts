import { ROLE_LABEL, isBuiltInRole } from "@/lib/rbac/permissions";

/** Built-in roles get their display name; a custom role shows its own name/id as given. */
export function roleLabel(role: string): string {
  return isBuiltInRole(role) ? ROLE_LABEL[role] : role;
}
