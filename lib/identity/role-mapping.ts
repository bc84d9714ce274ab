// IdP role / group values -> one Warden role. Pure and browser-safe (the mapping editor shows
// the same defaults). Values match case-insensitively; with several matches the highest wins:
// admin > any custom role > developer > viewer (a custom role mapping is an explicit admin
// decision, so it outranks the broad built-in developer and viewer defaults, never admin).
import { isBuiltInRole, ROLE_RANK } from "@/lib/rbac/permissions";

export type RoleMapping = Record<string, string>;

export const DEFAULT_ROLE_MAPPING: RoleMapping = { admin: "admin", developer: "developer", viewer: "viewer" };

/** Claim values as strings: an array, a single string, or a space/comma separated string. */
export function claimValues(value: unknown): string[] {
  if (Array.isArray(value))
    return value.filter((v): v is string => typeof v === "string" && v.trim() !== "").map((v) => v.trim());
  if (typeof value === "string") return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

function rank(role: string): number {
  if (isBuiltInRole(role)) return role === "admin" ? 100 : ROLE_RANK[role];
  return 50;
}

/** The mapping in force: the tenant's entries over the defaults, keys lower-cased. */
export function effectiveMapping(custom: RoleMapping | null | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries({ ...DEFAULT_ROLE_MAPPING, ...(custom ?? {}) })) {
    if (typeof v === "string" && v) out.set(k.trim().toLowerCase(), v);
  }
  return out;
}

/** The Warden role for these IdP values, or null when none maps (sign-in is then refused). */
export function mapRole(values: string[], mapping: RoleMapping | null | undefined): string | null {
  const map = effectiveMapping(mapping);
  let best: string | null = null;
  for (const v of values) {
    const role = map.get(v.trim().toLowerCase());
    if (role && (best === null || rank(role) > rank(best))) best = role;
  }
  return best;
}
