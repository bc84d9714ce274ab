// Maps SAML role / group values to one Warden role: through the tenant's mapping when set,
// else the built-in names (admin, developer, viewer, case-insensitive); several -> highest.
// No mappable value -> no role, and the login is refused (fail closed, never a default role).
import "server-only";
import { isBuiltInRole, ROLE_RANK, type BuiltInRole } from "@/lib/rbac/permissions";

export function mapSamlRole(values: string[], mapping?: Record<string, string> | null): BuiltInRole | null {
  const table = new Map(Object.entries(mapping ?? {}).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()]));
  let best: BuiltInRole | null = null;
  for (const value of values) {
    const v = value.trim().toLowerCase();
    const role = table.size > 0 ? table.get(v) : v;
    if (role && isBuiltInRole(role) && (!best || ROLE_RANK[role] > ROLE_RANK[best])) best = role;
  }
  return best;
}
