import { describe, expect, it } from "vitest";
import { PERMISSIONS, ROLE_PERMISSIONS } from "@/lib/rbac/permissions";

describe("built-in roles", () => {
  it("admin holds every permission; developer and viewer are strict subsets", () => {
    expect([...ROLE_PERMISSIONS.admin].sort()).toEqual([...PERMISSIONS].sort());
    for (const p of ROLE_PERMISSIONS.viewer) expect(ROLE_PERMISSIONS.developer.has(p)).toBe(true);
    expect(ROLE_PERMISSIONS.developer.size).toBeLessThan(ROLE_PERMISSIONS.admin.size);
  });

  it("viewer is read-only; developer cannot manage identity, roles or audit", () => {
    for (const p of ROLE_PERMISSIONS.viewer) expect(p).toMatch(/\.read$/);
    for (const p of ["identity.write", "roles.write", "scim.write", "audit.manage", "users.write"] as const) {
      expect(ROLE_PERMISSIONS.developer.has(p)).toBe(false);
    }
  });

  it("every permission is resource.action", () => {
    for (const p of PERMISSIONS) expect(p).toMatch(/^[a-z_]+\.[a-z_]+$/);
  });
});
