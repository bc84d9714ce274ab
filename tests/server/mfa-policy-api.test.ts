// The MFA policy on /v1 (GET, PATCH /v1/auth/mfa-policy): the switch Settings -> Identity has,
// with the same permission (identity.read / identity.write), the same function and the same audit
// entry; what one side sets the other shows. Callers are seeded people with real session cookies
// and a real API key.
import { isValidElement, type ReactNode } from "react";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setDbForTests } from "@/lib/db";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { auditCount } from "../helpers/audit-probe";
import { callAs, openSeededConsole, renderPage, withApiKey, type Caller } from "../helpers/callers";
import { consoleApi } from "../helpers/console-api";
import { TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { GET, PATCH } = await import("@/app/v1/auth/mfa-policy/route");
const { identityActions } = await import("@/components/identity/use-identity-actions");
const IdentityPage = (await import("@/app/(console)/settings/identity/page")).default;
const { IdentitySettings } = await import("@/components/identity/identity-settings");

let t: TestDatabase;
let viewer: Caller, developer: Caller, admin: Caller, otherAdmin: Caller;

beforeAll(async () => {
  ({ t, viewer, developer, admin, otherAdmin } = await openSeededConsole());
}, 300_000);
afterAll(async () => {
  setDbForTests(undefined);
  await t?.drop();
});

async function send(who: Caller | null, method: "GET" | "PATCH", body?: unknown) {
  const init =
    body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } };
  const res = await callAs(
    method === "GET" ? GET : PATCH,
    who,
    new Request("http://warden.test/v1/auth/mfa-policy", { method, ...init }),
  );
  return { status: res.status, body: await res.json() };
}

/** The requireMfa the Identity page hands its client component. */
function pageRequireMfa(node: ReactNode): boolean | undefined {
  if (Array.isArray(node)) return node.map(pageRequireMfa).find((v) => v !== undefined);
  if (!isValidElement(node)) return undefined;
  if (node.type === IdentitySettings) return (node.props as { requireMfa: boolean }).requireMfa;
  return pageRequireMfa((node.props as { children?: ReactNode }).children);
}

const lastPolicyEntry = (tenantId: string) =>
  withTenant(
    tenantId,
    (tx) => tx.auditEntry.findFirst({ where: { action: "tenant.mfa_policy.update" }, orderBy: { seq: "desc" } }),
    { db: t.db },
  );

describe(`MFA policy on /v1 (${TEST_DB_KIND})`, () => {
  it("GET answers each tenant its own policy (Acme off, Globex on)", async () => {
    expect(await send(admin, "GET")).toEqual({ status: 200, body: { require_mfa: false } });
    expect(await send(otherAdmin, "GET")).toEqual({ status: 200, body: { require_mfa: true } });
  });

  it("PATCH turns it on, audited with the previous value, and Settings -> Identity shows it", async () => {
    const before = await auditCount(t.db, admin.tenantId, "tenant.mfa_policy.update");
    expect(await send(admin, "PATCH", { require_mfa: true })).toEqual({ status: 200, body: { require_mfa: true } });
    expect(await auditCount(t.db, admin.tenantId, "tenant.mfa_policy.update")).toBe(before + 1);
    expect(await lastPolicyEntry(admin.tenantId)).toMatchObject({
      outcome: "success",
      actorRef: admin.userId,
      targetId: admin.tenantId,
      details: { require_mfa: true, previous: false },
    });
    expect(pageRequireMfa(await renderPage(IdentityPage, admin))).toBe(true);
    // Another tenant is untouched.
    expect((await send(otherAdmin, "GET")).body).toEqual({ require_mfa: true });
  });

  it("the console's switch and /v1 are one setting: an API key reads what the console saved", async () => {
    let refreshed = 0;
    const settings = identityActions(consoleApi(admin), () => void refreshed++);
    expect(await settings.setMfaRequired({ required: false })).toEqual({
      ok: true,
      data: { message: "MFA is no longer required" },
    });
    expect(refreshed).toBe(1);
    const key = await withApiKey(t.db, "acme", "alice.chen@acme.test", { role: "admin" });
    expect(await send(key, "GET")).toEqual({ status: 200, body: { require_mfa: false } });
    expect(await lastPolicyEntry(admin.tenantId)).toMatchObject({ details: { require_mfa: false, previous: true } });
  });

  it("needs identity.read to read and identity.write to change; a malformed body is a 400 and changes nothing", async () => {
    const before = await auditCount(t.db, admin.tenantId, "tenant.mfa_policy.update");
    for (const who of [viewer, developer]) {
      expect((await send(who, "GET")).body.error.type).toBe("user_not_authorized");
      const r = await send(who, "PATCH", { require_mfa: true });
      expect([r.status, r.body.error.type, r.body.error.message]).toEqual([
        403,
        "user_not_authorized",
        "This action requires the permission identity.write",
      ]);
    }
    expect((await send(null, "GET")).status).toBe(401);
    const bad = await send(admin, "PATCH", { require_mfa: "yes" });
    expect([bad.status, bad.body.error.type, bad.body.error.issues[0].path]).toEqual([
      400,
      "invalid_request",
      "require_mfa",
    ]);
    expect((await send(admin, "PATCH", { require_mfa: true, name: "x" })).status).toBe(400);
    expect((await send(admin, "PATCH", {})).status).toBe(400);
    expect(await auditCount(t.db, admin.tenantId, "tenant.mfa_policy.update")).toBe(before);
    expect((await send(admin, "GET")).body).toEqual({ require_mfa: false });
  });
});
