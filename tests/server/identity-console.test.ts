// Settings -> Identity calls /v1 through the console's typed client (ADR 0042): the operations its
// forms run (components/identity/use-identity-actions.ts), sent with real session cookies through
// the route handlers. An admin adds, changes and removes a provider and sees the form's line for
// each; a blank secret on a change keeps the stored one; a developer is refused; a missing field
// comes back as a field issue. Nothing is made or changed by a refused call.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDbForTests } from "@/lib/db";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { identityActions } from "@/components/identity/use-identity-actions";
import type { IdentityActions } from "@/components/identity/actions";
import { openSeededConsole, type Caller } from "../helpers/callers";
import { consoleApi } from "../helpers/console-api";
import { TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

let t: TestDatabase;
let developer: Caller, admin: Caller;
let refreshed = 0;
const as = (who: Caller): IdentityActions => identityActions(consoleApi(who), () => void refreshed++);

beforeAll(async () => {
  ({ t, developer, admin } = await openSeededConsole());
});
afterAll(async () => {
  setDbForTests(undefined);
  await t?.drop();
});

const NAME = "Contoso Entra (console test)";
const stored = () =>
  withTenant(admin.tenantId, (tx) => tx.identityProvider.findFirst({ where: { name: NAME } }), { db: t.db });

// The fields the provider form sends for a new OIDC provider.
const oidc = {
  type: "entra",
  name: NAME,
  issuer: "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0",
  client_id: "warden-console-test",
  client_secret: "first-client-secret",
  accept_bearer_tokens: false,
  bearer_audience: null,
  role_claim: "roles",
  group_claim: "groups",
  enabled: false,
  sync_groups: true,
  email_domains: ["contoso.test"],
  role_mapping: { "warden-admins": "admin" },
};

describe(`console identity-provider operations (${TEST_DB_KIND})`, () => {
  it("a developer cannot add a provider; nothing is stored and nothing re-renders", async () => {
    expect(await as(developer).saveProvider(oidc)).toMatchObject({
      ok: false,
      error: { type: "user_not_authorized", message: expect.stringMatching(/identity.write/) },
    });
    expect(await stored()).toBeNull();
    expect(refreshed).toBe(0);
  });

  it("a missing client id is a field issue", async () => {
    const out = await as(admin).saveProvider({ ...oidc, client_id: null });
    expect(out).toMatchObject({ ok: false, error: { type: "invalid_request" } });
    if (!out.ok) expect(out.error.issues?.map((i) => i.path)).toContain("client_id");
    expect(await stored()).toBeNull();
  });

  it("an admin adds, changes (a blank secret keeps the stored one) and removes a provider", async () => {
    expect(await as(admin).saveProvider(oidc)).toEqual({ ok: true, data: { message: "Identity provider added" } });
    const added = await stored();
    expect(added).toMatchObject({ type: "entra", clientId: "warden-console-test", enabled: false });
    expect(added!.clientSecretSealed).toBeTruthy();
    expect(added!.clientSecretSealed).not.toContain("first-client-secret");

    const { type: _type, client_secret: _secret, ...change } = oidc;
    expect(
      await as(admin).saveProvider({ ...change, id: added!.id, client_secret: undefined, role_claim: "groups" }),
    ).toEqual({
      ok: true,
      data: { message: "Identity provider saved" },
    });
    const changed = await stored();
    expect(changed!.roleClaim).toBe("groups");
    expect(changed!.clientSecretSealed).toBe(added!.clientSecretSealed);

    expect(await as(admin).deleteProvider({ id: added!.id })).toEqual({
      ok: true,
      data: { message: "Identity provider removed" },
    });
    expect(await stored()).toBeNull();
    expect(refreshed).toBe(3);
  });
});
