import { describe, expect, it } from "vitest";
import { hasSecondFactor } from "@/lib/auth/sso/sign-in";
import { claimValues, mapRole } from "@/lib/identity/role-mapping";

describe("role mapping", () => {
  it("maps the default values case-insensitively", () => {
    expect(mapRole(["ADMIN"], {})).toBe("admin");
    expect(mapRole(["Developer"], null)).toBe("developer");
    expect(mapRole(["viewer"], undefined)).toBe("viewer");
  });

  it("picks the highest of several roles", () => {
    expect(mapRole(["viewer", "developer"], {})).toBe("developer");
    expect(mapRole(["developer", "Admin", "viewer"], {})).toBe("admin");
  });

  it("returns null when nothing maps", () => {
    expect(mapRole([], {})).toBeNull();
    expect(mapRole(["contractor", "Sales"], {})).toBeNull();
  });

  it("applies tenant entries over the defaults, including custom role ids", () => {
    const mapping = { "Warden-Admins": "admin", Finance: "role_finance", admin: "viewer" };
    expect(mapRole(["warden-admins"], mapping)).toBe("admin");
    expect(mapRole(["admin"], mapping)).toBe("viewer");
    // a custom role outranks developer and viewer, never admin
    expect(mapRole(["finance", "developer"], mapping)).toBe("role_finance");
    expect(mapRole(["finance", "Warden-Admins"], mapping)).toBe("admin");
  });

  it("reads claim values from arrays and strings, ignoring junk", () => {
    expect(claimValues(["a", " b ", 3, "", null])).toEqual(["a", "b"]);
    expect(claimValues("admin developer,viewer")).toEqual(["admin", "developer", "viewer"]);
    expect(claimValues(undefined)).toEqual([]);
    expect(claimValues({ admin: true })).toEqual([]);
  });
});

describe("MFA from amr", () => {
  it("recognises second factors and refuses password-only", () => {
    expect(hasSecondFactor(["pwd", "otp"])).toBe(true);
    expect(hasSecondFactor(["mfa"])).toBe(true);
    expect(hasSecondFactor("pwd hwk")).toBe(true);
    expect(hasSecondFactor(["pwd"])).toBe(false);
    expect(hasSecondFactor(undefined)).toBe(false);
    expect(hasSecondFactor(["pin", "kba"])).toBe(false);
  });
});
