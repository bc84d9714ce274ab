// Every demo person signs in through the REAL local IdP (oidc-provider, on an ephemeral port)
// and the real Auth.js handlers of /api/auth/*: CSRF token, sign-in POST (state, PKCE, nonce
// cookies), the IdP's login form, the authorization code, the callback that sets the session
// cookie. That cookie then asks GET /v1/auth/me, and the answer must equal the table below,
// written by hand (not computed from lib/rbac): custom roles replace the IdP's built-in role,
// a scoped role carries its team scope, and the people Warden must refuse get no session.
import { withTenant } from "@/lib/tenancy/with-tenant";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as meRoute } from "@/app/v1/auth/me/route";
import { setDbForTests } from "@/lib/db";
import { demoPassword } from "@/lib/idp-local/accounts";
import { startLocalIdp, type LocalIdp } from "@/lib/idp-local/server";
import { DEMO_TENANTS } from "@/lib/seed/demo-data";
import { call } from "../helpers/call-route";
import { allowOutbound } from "../helpers/outbound";
import { freePort, idpBrowser, type Jar } from "../helpers/idp-browser";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

// ─── The expectation table ──────────────────────────────────────────────────────────────────
const VIEWER = ["dashboards.read", "reports.read"];
const DEVELOPER = [
  "dashboards.read",
  "reports.read",
  "usage.read",
  "request_logs.read",
  "virtual_keys.read",
  "virtual_keys.write",
  "api_keys.read",
  "api_keys.write",
  "governance.read",
  "teams.read",
  "customers.read",
  "monitoring.read",
  "gateway.use",
];
const ADMIN = [
  "dashboards.read",
  "audit.read",
  "audit.export",
  "audit.verify",
  "audit.manage",
  "reports.read",
  "reports.create",
  "governance.read",
  "governance.write",
  "users.read",
  "users.write",
  "teams.read",
  "teams.write",
  "customers.read",
  "customers.write",
  "virtual_keys.read",
  "virtual_keys.write",
  "api_keys.read",
  "api_keys.write",
  "roles.read",
  "roles.write",
  "identity.read",
  "identity.write",
  "scim.read",
  "scim.write",
  "monitoring.read",
  "monitoring.write",
  "usage.read",
  "request_logs.read",
  "gateway.use",
  "settings.read",
  "settings.write",
  "privacy.read",
  "privacy.write",
  "network.manage",
  "support.manage",
  "break_glass.manage",
];
const SECURITY_AUDITOR = [
  "dashboards.read",
  "audit.read",
  "audit.export",
  "reports.read",
  "reports.create",
  "roles.read",
  "users.read",
];
const TEAM_LEAD = [
  "dashboards.read",
  "reports.read",
  "governance.read",
  "teams.read",
  "teams.write",
  "users.read",
  "usage.read",
  "virtual_keys.read",
  "virtual_keys.write",
];

type Expected =
  { role: string; permissions: string[]; scopeTeams: string[] | null; mfa: boolean } | { refused: string };

const EXPECTED: Record<string, Expected> = {
  "alice.chen@acme.test": { role: "Admin", permissions: ADMIN, scopeTeams: null, mfa: true },
  "rahul.mehta@acme.test": { role: "Admin", permissions: ADMIN, scopeTeams: null, mfa: false },
  "bob.martinez@acme.test": { role: "Developer", permissions: DEVELOPER, scopeTeams: null, mfa: false },
  "priya.nair@acme.test": { role: "Developer", permissions: DEVELOPER, scopeTeams: null, mfa: false },
  "jonas.weber@acme.test": { role: "Developer", permissions: DEVELOPER, scopeTeams: null, mfa: false },
  "mei.tanaka@acme.test": { role: "Developer", permissions: DEVELOPER, scopeTeams: null, mfa: false },
  "samuel.okafor@acme.test": { role: "Developer", permissions: DEVELOPER, scopeTeams: null, mfa: false },
  "lucia.romano@acme.test": { role: "Developer", permissions: DEVELOPER, scopeTeams: null, mfa: false },
  "carol.johnson@acme.test": { role: "Viewer", permissions: VIEWER, scopeTeams: null, mfa: false },
  "david.kim@acme.test": { role: "Viewer", permissions: VIEWER, scopeTeams: null, mfa: false },
  "elena.petrova@acme.test": { role: "Viewer", permissions: VIEWER, scopeTeams: null, mfa: false },
  "frank.osei@acme.test": { role: "Viewer", permissions: VIEWER, scopeTeams: null, mfa: false },
  "grace.liu@acme.test": { role: "Developer", permissions: DEVELOPER, scopeTeams: null, mfa: false },
  "hannah.schmidt@acme.test": { role: "Security Auditor", permissions: SECURITY_AUDITOR, scopeTeams: null, mfa: false },
  "ivan.horvat@acme.test": { refused: "account_disabled" },
  "hank.scorpio@globex.test": { role: "Admin", permissions: ADMIN, scopeTeams: null, mfa: true },
  "nina.park@globex.test": { role: "Developer", permissions: DEVELOPER, scopeTeams: null, mfa: true },
  "omar.haddad@globex.test": { refused: "mfa_required" },
  "zoe.adams@globex.test": {
    role: "Team Lead (Analytics)",
    permissions: TEAM_LEAD,
    scopeTeams: ["Analytics"],
    mfa: true,
  },
};

// ─── A browser, reduced to what the flow needs: one cookie jar per origin ───────────────────
const WARDEN = "http://127.0.0.1:3390"; // AUTH_URL: the handlers are called in-process on this origin
const { auth, idp } = idpBrowser(WARDEN);

type SignInOutcome = { cookie: string } | { error: string };

/** The whole browser flow for one person: Warden -> IdP login form -> Warden callback. */
async function signInThroughIdp(idpId: string, email: string): Promise<SignInOutcome> {
  const warden: Jar = new Map();
  const browserAtIdp: Jar = new Map();
  const csrf = await auth(warden, "GET", `${WARDEN}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const start = await auth(warden, "POST", `${WARDEN}/api/auth/signin/${idpId}`, {
    csrfToken,
    callbackUrl: `${WARDEN}/`,
  });
  expect(start.status).toBe(302);
  const authorize = start.headers.get("location")!;
  expect(authorize.startsWith(idpIssuer)).toBe(true);
  expect(new URL(authorize).searchParams.get("code_challenge_method")).toBe("S256");

  const loginForm = await idp(browserAtIdp, authorize);
  expect(loginForm).toMatch(/\/interaction\/[A-Za-z0-9_-]+$/);
  const back = await idp(browserAtIdp, `${loginForm}/login`, { email, password: demoPassword() });
  expect(back.startsWith(`${WARDEN}/api/auth/callback/${idpId}?`)).toBe(true);

  const callback = await auth(warden, "GET", back);
  expect(callback.status).toBe(302);
  const landing = new URL(callback.headers.get("location")!, WARDEN);
  const session = warden.get("authjs.session-token");
  if (landing.pathname === "/signin") {
    expect(session).toBeUndefined();
    return { error: landing.searchParams.get("error") ?? "" };
  }
  expect(landing.toString()).toBe(`${WARDEN}/`);
  expect(session).toBeTruthy();
  return { cookie: `authjs.session-token=${session}` };
}

// ─── Set-up ─────────────────────────────────────────────────────────────────────────────────
let t: TestDatabase;
let localIdp: LocalIdp;
let idpIssuer: string;
const idpIds = new Map<string, string>(); // tenant slug -> identity provider row id
const teamIds = new Map<string, string>(); // "slug/team name" -> id

const saved = { AUTH_URL: process.env.AUTH_URL, WARDEN_LOCAL_IDP_PORT: process.env.WARDEN_LOCAL_IDP_PORT };

beforeAll(async () => {
  // The seed writes the IdP rows with the IdP's issuer, so the port is chosen before seeding.
  process.env.WARDEN_LOCAL_IDP_PORT = String(await freePort());
  process.env.AUTH_URL = WARDEN;
  t = await createTestDatabase({ seeded: true });
  setDbForTests(t.db);
  localIdp = await startLocalIdp({ wardenOrigins: [WARDEN] });
  idpIssuer = localIdp.issuer;
  allowOutbound(idpIssuer); // Auth.js's fetches to the IdP pass the outbound guard: this host:port only
  for (const tenant of DEMO_TENANTS) {
    const row = { id: await tenantIdBySlug(t.db, tenant.slug) };
    const provider = await withTenant(
      row.id,
      (tx) => tx.identityProvider.findFirstOrThrow({ where: { tenantId: row.id, issuer: idpIssuer } }),
      { db: t.db },
    );
    idpIds.set(tenant.slug, provider.id);
    for (const team of await withTenant(row.id, (tx) => tx.team.findMany({ where: { tenantId: row.id } }), {
      db: t.db,
    }))
      teamIds.set(`${tenant.slug}/${team.name}`, team.id);
  }
}, 300_000);

afterAll(async () => {
  setDbForTests(undefined);
  await localIdp?.close();
  await t?.drop();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

// ─── The test ───────────────────────────────────────────────────────────────────────────────
const people = DEMO_TENANTS.flatMap((tenant) => tenant.users.map((u) => ({ slug: tenant.slug, email: u.email })));

describe(`sign-in through the local IdP and Auth.js, every demo person (${TEST_DB_KIND})`, () => {
  it("the table covers every demo person", () => {
    expect(people.map((p) => p.email).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const { slug, email } of people) {
    const expected = EXPECTED[email];
    it(`${email}: ${"refused" in expected ? `refused (${expected.refused})` : expected.role}`, async () => {
      const outcome = await signInThroughIdp(idpIds.get(slug)!, email);
      if ("refused" in expected) {
        expect(outcome).toEqual({ error: expected.refused });
        return;
      }
      if (!("cookie" in outcome)) throw new Error(`sign-in refused: ${outcome.error}`);
      const me = await call(meRoute, "GET", "/v1/auth/me", { headers: { cookie: outcome.cookie } });
      expect(me.status).toBe(200);
      expect(me.body.actor).toMatchObject({ email, auth_method: "session", mfa: expected.mfa });
      expect(me.body.tenant.slug).toBe(slug);
      expect(me.body.role_name ?? me.body.role).toBe(expected.role);
      expect([...me.body.permissions].sort()).toEqual([...expected.permissions].sort());
      const scope = expected.scopeTeams
        ? { teams: expected.scopeTeams.map((name) => teamIds.get(`${slug}/${name}`)) }
        : null;
      expect(me.body.scope).toEqual(scope);
    });
  }
});
