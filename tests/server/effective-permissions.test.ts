// Every authentication method that names a person applies that person's effective permissions
// and team scope from the database (a custom role REPLACES the built-in role): session cookie,
// OIDC bearer of a known user, API keys of a person (narrowed to what the person holds now),
// SAML-minted keys and the trusted proxy. Callers are obtained only through the real resolver
// with real credentials (signed session cookie, JWKS-signed JWT, minted API key).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as createKeyRoute } from "@/app/v1/auth/keys/route";
import { GET as meRoute } from "@/app/v1/auth/me/route";
import { mintApiKey } from "@/lib/auth/api-keys/mint";
import { resetJwksCache } from "@/lib/auth/oidc/jwks";
import { issueSessionCookie } from "@/lib/auth/sso/session-cookie";
import { TEST_SESSION_ORIGIN } from "../helpers/callers";
import { bearerClientThrottle, bearerSubjectThrottle } from "@/lib/auth/throttle";
import { setDbForTests } from "@/lib/db";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { call } from "../helpers/call-route";
import { signingKey, signToken, startJwksServer, type JwksServer, type SigningKey } from "../helpers/jwks-server";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

const PORT = TEST_DB_KIND === "pglite" ? 3371 : 3372;
const PROXY_SECRET = "proxy-secret-0123456789abcdef-0123456789";
let t: TestDatabase;
let jwks: JwksServer;
let key: SigningKey;
let acme: string;
let globex: string;

const ADMIN_ALL = 37; // every permission of the vocabulary (36, and break_glass.manage since ADR 0039): the count tells "unscoped admin" apart
// The scoped role an admin is given in the test (names, not read from lib/rbac).
const LEAD_PERMISSIONS = ["teams.read", "teams.write", "users.read", "virtual_keys.read"];

const userId = async (tenantId: string, email: string) =>
  (await withTenant(tenantId, (tx) => tx.user.findFirstOrThrow({ where: { tenantId, email } }), { db: t.db })).id;
const teamId = async (tenantId: string, name: string) =>
  (await withTenant(tenantId, (tx) => tx.team.findFirstOrThrow({ where: { tenantId, name } }), { db: t.db })).id;
const setUser = (tenantId: string, id: string, data: Record<string, unknown>) =>
  withTenant(tenantId, (tx) => tx.user.update({ where: { id }, data }), { db: t.db });

async function cookieOf(tenantId: string, email: string): Promise<Record<string, string>> {
  const c = await issueSessionCookie(await userId(tenantId, email), tenantId, true, TEST_SESSION_ORIGIN, { db: t.db });
  return { cookie: `${c.name}=${c.value}` };
}
const sorted = (list: string[]) => [...list].sort();
// Same-origin browser headers, as the console's own fetches send them.
const SAME_ORIGIN = { origin: "http://127.0.0.1", "sec-fetch-site": "same-origin" };
const me = (headers: Record<string, string>) => call(meRoute, "GET", "/v1/auth/me", { headers });

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  setDbForTests(t.db);
  acme = await tenantIdBySlug(t.db, "acme");
  globex = await tenantIdBySlug(t.db, "globex");
  jwks = await startJwksServer(PORT);
  key = await signingKey("k1", "ES256");
  jwks.keys.set("idp", [key]);
  process.env.WARDEN_OIDC_ISSUER = jwks.issuer("idp");
  process.env.WARDEN_OIDC_AUDIENCE = "warden";
  process.env.WARDEN_OIDC_JWKS_URI = `${jwks.issuer("idp")}/jwks`;
  delete process.env.WARDEN_OIDC_TENANT_PROVIDERS_JSON;
  resetJwksCache();
}, 300_000);

afterAll(async () => {
  setDbForTests(undefined);
  delete process.env.WARDEN_OIDC_ISSUER;
  delete process.env.WARDEN_OIDC_AUDIENCE;
  delete process.env.WARDEN_OIDC_JWKS_URI;
  delete process.env.WARDEN_TRUST_PROXY_AUTH;
  delete process.env.WARDEN_TRUST_PROXY_SECRET;
  await jwks?.close();
  await t?.drop();
});

beforeEach(() => {
  bearerClientThrottle.reset();
  bearerSubjectThrottle.reset();
});

describe(`effective permissions of a person, every method (${TEST_DB_KIND})`, () => {
  it("session: a built-in admin given a scoped custom role becomes exactly that scoped role", async () => {
    const rahul = await userId(acme, "rahul.mehta@acme.test");
    const before = await me(await cookieOf(acme, "rahul.mehta@acme.test"));
    expect([before.status, before.body.role, before.body.permissions.length, before.body.scope]).toEqual([
      200,
      "admin",
      ADMIN_ALL,
      null,
    ]);

    const dataScience = await teamId(acme, "Data Science");
    const role = await withTenant(
      acme,
      (tx) =>
        tx.customRole.create({
          data: {
            tenantId: acme,
            name: "Lead (Data Science)",
            description: "",
            permissions: LEAD_PERMISSIONS,
            resourceScope: { teams: [dataScience] },
            createdBy: "test",
          },
        }),
      { db: t.db },
    );
    await setUser(acme, rahul, { customRoleId: role.id });
    try {
      const after = await me(await cookieOf(acme, "rahul.mehta@acme.test"));
      expect(after.status).toBe(200);
      expect(after.body).toMatchObject({
        role: role.id,
        role_name: "Lead (Data Science)",
        scope: { teams: [dataScience] },
      });
      expect(sorted(after.body.permissions)).toEqual(
        ["teams.read", "teams.write", "users.read", "virtual_keys.read"].sort(),
      );
      expect(after.body.cannot).toContain("audit.read");
      expect(after.body.cannot).toContain("roles.write");
    } finally {
      await setUser(acme, rahul, { customRoleId: null });
    }
    // Unassigned, the built-in admin role applies again on the very next request.
    expect((await me(await cookieOf(acme, "rahul.mehta@acme.test"))).body.permissions).toHaveLength(ADMIN_ALL);
  });

  it("session: the seeded custom roles (Security Auditor, scoped Team Lead) reach /v1/auth/me", async () => {
    const hannah = await me(await cookieOf(acme, "hannah.schmidt@acme.test"));
    expect(hannah.body).toMatchObject({ role_name: "Security Auditor", scope: null });
    expect(sorted(hannah.body.permissions)).toEqual(
      [
        "dashboards.read",
        "audit.read",
        "audit.export",
        "reports.read",
        "reports.create",
        "users.read",
        "roles.read",
      ].sort(),
    );
    const zoe = await me(await cookieOf(globex, "zoe.adams@globex.test"));
    expect(zoe.body).toMatchObject({
      role_name: "Team Lead (Analytics)",
      scope: { teams: [await teamId(globex, "Analytics")] },
    });
    expect(sorted(zoe.body.permissions)).toEqual(
      [
        "dashboards.read",
        "reports.read",
        "governance.read",
        "users.read",
        "teams.read",
        "teams.write",
        "virtual_keys.read",
        "virtual_keys.write",
        "usage.read",
      ].sort(),
    );
  });

  it("API key of a person: narrowed to what the person holds NOW, and dead with the account", async () => {
    const bob = await userId(acme, "bob.martinez@acme.test");
    const created = await call(createKeyRoute, "POST", "/v1/auth/keys", {
      headers: { ...(await cookieOf(acme, "bob.martinez@acme.test")), ...SAME_ORIGIN },
      body: { name: "bob ci", role: "developer" },
    });
    expect(created.status).toBe(201);
    const bearer = { authorization: `Bearer ${created.body.secret}` };
    const asDev = await me(bearer);
    expect(asDev.body).toMatchObject({ role: "developer", actor: { user_id: bob, auth_method: "api_key" } });
    expect(asDev.body.permissions).toContain("virtual_keys.write");

    // Bob is demoted to viewer: his developer key now carries only what a viewer holds.
    await setUser(acme, bob, { role: "viewer" });
    try {
      expect(sorted((await me(bearer)).body.permissions)).toEqual(["dashboards.read", "reports.read"].sort());
      // Given a scoped custom role, the key takes the intersection and the role's scope.
      const search = await teamId(acme, "Search Relevance");
      const role = await withTenant(
        acme,
        (tx) =>
          tx.customRole.create({
            data: {
              tenantId: acme,
              name: "Key narrowing",
              description: "",
              permissions: ["virtual_keys.read", "audit.read"],
              resourceScope: { teams: [search] },
              createdBy: "test",
            },
          }),
        { db: t.db },
      );
      await setUser(acme, bob, { customRoleId: role.id });
      const scoped = await me(bearer);
      expect(sorted(scoped.body.permissions)).toEqual(["virtual_keys.read"].sort()); // audit.read is not in the key's developer grant
      expect(scoped.body.scope).toEqual({ teams: [search] });
      await setUser(acme, bob, { customRoleId: null, active: false });
      const dead = await me(bearer);
      expect([dead.status, dead.body.error.type]).toEqual([401, "invalid_credentials"]);
    } finally {
      await setUser(acme, bob, { role: "developer", customRoleId: null, active: true });
    }
  });

  it("SAML-minted key: acts for the person it was minted for", async () => {
    const minted = await withTenant(
      acme,
      (tx) =>
        mintApiKey(tx, {
          tenantId: acme,
          role: "admin",
          ttlSeconds: 600,
          name: "SAML login hannah",
          createdBy: { kind: "saml", subject: "hannah.schmidt@acme.test" },
          source: "saml",
        }),
      { db: t.db },
    );
    const r = await me({ authorization: `Bearer ${minted.secret}` });
    expect(r.body.actor).toMatchObject({
      auth_method: "saml",
      user_id: await userId(acme, "hannah.schmidt@acme.test"),
    });
    // An admin-role key of the Security Auditor carries the auditor's set, not admin.
    expect(sorted(r.body.permissions)).toEqual(
      [
        "dashboards.read",
        "audit.read",
        "audit.export",
        "reports.read",
        "reports.create",
        "users.read",
        "roles.read",
      ].sort(),
    );
  });

  it("OIDC bearer: a known user gets their effective permissions; a stranger keeps the claim-mapped role", async () => {
    const sign = (subject: string, claims: Record<string, unknown>) =>
      signToken({
        key,
        issuer: jwks.issuer("idp"),
        audience: "warden",
        subject,
        claims: { tenant: "acme", ...claims },
      });
    // hannah's IdP sends her built-in role (viewer); Warden knows her as a Security Auditor.
    const hannah = await me({
      authorization: `Bearer ${await sign("okta|hannah", { email: "hannah.schmidt@acme.test", email_verified: true, roles: ["viewer"] })}`,
    });
    expect(hannah.status).toBe(200);
    expect(hannah.body).toMatchObject({
      role_name: "Security Auditor",
      actor: { auth_method: "oidc", user_id: await userId(acme, "hannah.schmidt@acme.test") },
    });
    expect(hannah.body.permissions).toContain("audit.read");
    // An e-mail the issuer does not mark verified links nobody: claim-mapped role, no user id.
    const unverified = await me({
      authorization: `Bearer ${await sign("okta|h2", { email: "hannah.schmidt@acme.test", roles: ["viewer"] })}`,
    });
    expect(unverified.body).toMatchObject({ role: "viewer", actor: { user_id: null } });
    expect(sorted(unverified.body.permissions)).toEqual(["dashboards.read", "reports.read"].sort());
    const stranger = await me({
      authorization: `Bearer ${await sign("okta|x", { email: "contractor@elsewhere.test", email_verified: true, roles: ["developer"] })}`,
    });
    expect(stranger.body).toMatchObject({ role: "developer", actor: { user_id: null } });
    // A deactivated person's token is refused.
    const ivan = await me({
      authorization: `Bearer ${await sign("okta|ivan", { email: "ivan.horvat@acme.test", email_verified: true, roles: ["developer"] })}`,
    });
    expect([ivan.status, ivan.body.error.type]).toEqual([401, "invalid_credentials"]);
  });

  it("trusted proxy: a known user gets their effective permissions, whatever role header the proxy sends", async () => {
    process.env.WARDEN_TRUST_PROXY_AUTH = "1";
    process.env.WARDEN_TRUST_PROXY_SECRET = PROXY_SECRET;
    try {
      const proxy = (user: string, role: string) => ({
        "x-warden-proxy-secret": PROXY_SECRET,
        "x-warden-user": user,
        "x-warden-tenant": "globex",
        "x-warden-role": role,
      });
      const zoe = await me(proxy("zoe.adams@globex.test", "admin"));
      expect(zoe.status).toBe(200);
      expect(zoe.body).toMatchObject({
        role_name: "Team Lead (Analytics)",
        scope: { teams: [await teamId(globex, "Analytics")] },
        actor: { auth_method: "proxy", user_id: await userId(globex, "zoe.adams@globex.test") },
      });
      expect(zoe.body.cannot).toContain("roles.write");
      const unknown = await me(proxy("robot@globex.test", "viewer"));
      expect(unknown.body).toMatchObject({ role: "viewer", actor: { user_id: null } });
    } finally {
      delete process.env.WARDEN_TRUST_PROXY_AUTH;
      delete process.env.WARDEN_TRUST_PROXY_SECRET;
    }
  });
});
