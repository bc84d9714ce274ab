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

describe("permission grid", () => {
  it("places every permission in exactly one grid cell, with a known action", async () => {
    const { ACTIONS, PERMISSION_GRID } = await import("@/lib/rbac/permissions");
    const cells = PERMISSION_GRID.flatMap((r) => Object.entries(r.actions).map(([action, p]) => ({ action, p })));
    expect(cells.map((c) => c.p).sort()).toEqual([...PERMISSIONS].sort());
    for (const c of cells) expect(ACTIONS as readonly string[]).toContain(c.action);
  });

  it("the issue's resources all exist", () => {
    const resources = new Set(PERMISSIONS.map((p) => p.split(".")[0]));
    for (const r of [
      "dashboards",
      "audit",
      "reports",
      "governance",
      "users",
      "teams",
      "customers",
      "virtual_keys",
      "api_keys",
      "roles",
      "identity",
      "scim",
      "monitoring",
      "usage",
      "request_logs",
      "settings",
    ]) {
      expect(resources.has(r), r).toBe(true);
    }
  });
});
