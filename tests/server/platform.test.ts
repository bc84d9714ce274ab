// Platform operators and the tenant lifecycle (ADR 0032), on the production path: the operator
// signs in through the REAL local IdP (its "warden-platform" client, a second factor) and the
// Auth.js route, and uses the session cookie Auth.js set; the new tenant's first admin is admitted
// by the function the IdP callback calls, with real claims, and uses the session cookie the
// product mints. Suspension is checked against every credential kind: a session cookie, an API
// key, a SCIM token, a virtual key at the lean gateway and a new sign-in through the local IdP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as meRoute } from "@/app/v1/auth/me/route";
import { GET as logRoute } from "@/app/v1/platform/log/route";
import { DELETE as revokeRoute } from "@/app/v1/platform/operators/[id]/route";
import { GET as operatorsRoute, POST as grantRoute } from "@/app/v1/platform/operators/route";
import { POST as resumeRoute } from "@/app/v1/platform/tenants/[id]/resume/route";
import { POST as suspendRoute } from "@/app/v1/platform/tenants/[id]/suspend/route";
import { GET as tenantsRoute, POST as createRoute } from "@/app/v1/platform/tenants/route";
import { POST as createScimTokenRoute } from "@/app/v1/scim/tokens/route";
import { GET as scimUsersRoute } from "@/app/scim/v2/Users/route";
import { issueOperatorSessionCookie, issueSessionCookie } from "@/lib/auth/sso/session-cookie";
import { completeSsoSignIn } from "@/lib/auth/sso/sign-in";
import { setDbForTests } from "@/lib/db";
import { settled } from "@/lib/gateway/core";
import { DEMO_OPERATOR_EMAIL } from "@/lib/idp-local/accounts";
import { localPlatformClientEnv } from "@/lib/idp-local/clients";
import { startLocalIdp, type LocalIdp } from "@/lib/idp-local/server";
import { completePlatformSignIn } from "@/lib/platform/operators";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { startUpstream, type FixtureUpstream } from "../fixtures/upstream";
import { call } from "../helpers/call-route";
import { signedIn, withApiKey, pointProcessDbAt, TEST_SESSION_ORIGIN } from "../helpers/callers";
import { chat, createGovTenant, mintKey, post, startGateway, type GovTenant } from "../helpers/gateway-setup";
import { allowOutbound } from "../helpers/outbound";
import { freePort, idpBrowser } from "../helpers/idp-browser";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

const WARDEN = "http://127.0.0.1:3392";
const { browserSignIn, browser } = idpBrowser(WARDEN);

let t: TestDatabase;
let localIdp: LocalIdp;
let up: FixtureUpstream;
let gw: Awaited<ReturnType<typeof startGateway>>;
let g: GovTenant;
let operatorCookie: string;
let acme: string;
let acmeProviderId: string;
const saved = { ...process.env };

beforeAll(async () => {
  process.env.WARDEN_LOCAL_IDP_PORT = String(await freePort());
  process.env.AUTH_URL = WARDEN;
  Object.assign(process.env, localPlatformClientEnv(), { WARDEN_PLATFORM_OPERATORS: DEMO_OPERATOR_EMAIL });
  t = await createTestDatabase({ seeded: true });
  setDbForTests(t.db);
  pointProcessDbAt(t.db);
  localIdp = await startLocalIdp({ wardenOrigins: [WARDEN] });
  allowOutbound(localIdp.issuer);
  up = await startUpstream({ promptTokens: 5, completionTokens: 7 });
  g = await createGovTenant(t.db, "gwcorp", up.url);
  gw = await startGateway({ db: t.db });
  acme = await tenantIdBySlug(t.db, "acme");
  acmeProviderId = (
    await withTenant(acme, (tx) => tx.identityProvider.findFirstOrThrow({ where: { issuer: localIdp.issuer } }), {
      db: t.db,
    })
  ).id;
  const signed = await browserSignIn("platform", DEMO_OPERATOR_EMAIL);
  expect(signed).toEqual({ cookie: expect.any(String), landed: expect.any(String) });
  operatorCookie = signed.cookie!;
}, 300_000);

afterAll(async () => {
  await settled();
  await gw?.close();
  await up?.close();
  await localIdp?.close();
  await t?.drop();
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

describe(`platform operators on ${TEST_DB_KIND}`, () => {
  it("an operator signed in through the platform IdP creates a tenant, and its first admin is admitted at first SSO sign-in", async () => {
    const op = browser(operatorCookie);
    const list = await call(tenantsRoute, "GET", "/v1/platform/tenants", { headers: op });
    expect(list.status).toBe(200);
    const acmeRow = list.body.data.find((r: { slug: string }) => r.slug === "acme");
    expect(acmeRow.status).toBe("active");
    expect(acmeRow.people).toBeGreaterThan(5);
    expect(acmeRow.audit_head_seq).toBeGreaterThan(0);
    // Aggregates only: no person, key or e-mail of the tenant in the answer.
    expect(JSON.stringify(list.body)).not.toContain("alice.chen@acme.test");

    // The operator has no tenant: a tenant route refuses the operator's session.
    expect((await call(meRoute, "GET", "/v1/auth/me", { headers: op })).status).toBe(403);

    const created = await call(createRoute, "POST", "/v1/platform/tenants", {
      headers: op,
      body: {
        slug: "initech",
        name: "Initech",
        domains: ["initech.test"],
        first_admin_email: "peter@initech.test",
        identity_provider: {
          issuer: localIdp.issuer,
          client_id: "warden-initech",
          client_secret: "initech-client-secret",
        },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      slug: "initech",
      name: "Initech",
      domains: ["initech.test"],
      status: "active",
      people: 0,
    });
    const tenantId: string = created.body.id;
    expect(
      (
        await call(createRoute, "POST", "/v1/platform/tenants", {
          headers: op,
          body: { slug: "initech", name: "Again", domains: ["other.test"], first_admin_email: "a@other.test" },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await call(createRoute, "POST", "/v1/platform/tenants", {
          headers: op,
          body: { slug: "taken", name: "Taken", domains: ["acme.test"], first_admin_email: "a@acme.test" },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await call(createRoute, "POST", "/v1/platform/tenants", {
          headers: op,
          body: { slug: "x", name: "", domains: [], first_admin_email: "nope" },
        })
      ).status,
    ).toBe(400);

    // In the new tenant's own chain, by the operator (kind "operator", the operator's id only).
    const entry = await withTenant(
      tenantId,
      (tx) => tx.auditEntry.findFirstOrThrow({ where: { action: "tenant.create" } }),
      { db: t.db },
    );
    expect(entry.actorKind).toBe("operator");
    expect(entry.actorRef).toMatch(/^op_/);

    // The first admin's first sign-in: the function the OIDC callback calls, with real claims.
    const provider = await withTenant(tenantId, (tx) => tx.identityProvider.findFirstOrThrow({}), { db: t.db });
    const ref = { id: provider.id, tenantId, tenantSlug: "initech" };
    const first = await completeSsoSignIn({
      provider: ref,
      claims: {
        sub: "initech:peter",
        email: "peter@initech.test",
        email_verified: true,
        name: "Peter Gibbons",
        amr: ["pwd", "otp"],
      },
    });
    expect(first).toMatchObject({ ok: true, role: "admin", created: true, tenantId });
    const admin = await issueSessionCookie((first as { userId: string }).userId, tenantId, true, TEST_SESSION_ORIGIN, {
      db: t.db,
    });
    const me = await call(meRoute, "GET", "/v1/auth/me", { headers: browser(`${admin.name}=${admin.value}`) });
    expect(me.status).toBe(200);
    expect(me.body.role).toBe("admin");
    expect(me.body.tenantSlug ?? me.body.tenant_slug ?? me.body.tenant?.slug).toBe("initech");
    // The admission is once: a colleague whose IdP sends no role is not made admin.
    const colleague = await completeSsoSignIn({
      provider: ref,
      claims: { sub: "initech:milton", email: "milton@initech.test", email_verified: true, amr: ["pwd"] },
    });
    expect(colleague).toEqual({ ok: false, reason: "no_role" });
  }, 120_000);

  it("suspend refuses every credential kind of the tenant, keeps its data, audits in the tenant's chain and the platform log; resume restores", async () => {
    const op = browser(operatorCookie);
    const alice = await signedIn(t.db, "acme", "alice.chen@acme.test");
    const key = await withApiKey(t.db, "acme", "alice.chen@acme.test", { role: "admin" });
    const tok = await call(createScimTokenRoute, "POST", "/v1/scim/tokens", {
      headers: browser(alice.credentials.cookie),
      body: { name: "platform test" },
    });
    expect(tok.status).toBe(201);
    const scim = { authorization: `Bearer ${tok.body.token}` };
    const vk = await mintKey(t.db, g);
    const usersBefore = await withTenant(acme, (tx) => tx.user.count(), { db: t.db });

    const probe = async () => ({
      session: await call(meRoute, "GET", "/v1/auth/me", { headers: browser(alice.credentials.cookie) }),
      apiKey: await call(meRoute, "GET", "/v1/auth/me", { headers: key.credentials }),
      scim: await scimUsersRoute(new Request("http://warden.test/scim/v2/Users", { headers: scim }), {
        params: Promise.resolve({}),
      }),
      gateway: await post(`${gw.url}/v1/chat/completions`, chat(), { "x-bf-vk": vk.secret }),
    });
    const before = await probe();
    expect([before.session.status, before.apiKey.status, before.scim.status, before.gateway.status]).toEqual([
      200, 200, 200, 200,
    ]);

    for (const id of [acme, g.tenantId]) {
      const s = await call(suspendRoute, "POST", `/v1/platform/tenants/${id}/suspend`, {
        headers: op,
        body: { reason: "unpaid invoice" },
        params: { id },
      });
      expect(s.status).toBe(200);
      expect(s.body.status).toBe("suspended");
    }
    const during = await probe();
    expect(during.session.status).toBe(403);
    expect(during.session.body.error.type).toBe("tenant_suspended");
    expect(during.apiKey.status).toBe(403);
    expect(during.apiKey.body.error.type).toBe("tenant_suspended");
    expect(during.scim.status).toBe(403);
    expect(during.gateway.status).toBe(403);
    expect(during.gateway.json().error?.type).toBe("tenant_suspended");
    // A new sign-in through the local IdP ends on the sign-in page with the reason, and no session.
    const again = await browserSignIn(acmeProviderId, "alice.chen@acme.test");
    expect(again.cookie).toBeNull();
    expect(again.landed).toContain("error=tenant_suspended");
    // The data is kept.
    expect(await withTenant(acme, (tx) => tx.user.count(), { db: t.db })).toBe(usersBefore);
    const suspended = await withTenant(
      acme,
      (tx) => tx.auditEntry.findFirstOrThrow({ where: { action: "tenant.suspend" } }),
      { db: t.db },
    );
    expect(suspended.actorKind).toBe("operator");
    const log = await call(logRoute, "GET", "/v1/platform/log", { headers: op });
    expect(
      log.body.data.filter(
        (e: { action: string; tenant_id: string }) => e.action === "tenant.suspend" && e.tenant_id === acme,
      ),
    ).toHaveLength(1);
    expect(
      log.body.data.find(
        (e: { action: string; tenant_id: string }) => e.action === "tenant.suspend" && e.tenant_id === acme,
      ).details,
    ).toEqual({ reason: "unpaid invoice" });

    for (const id of [acme, g.tenantId]) {
      const r = await call(resumeRoute, "POST", `/v1/platform/tenants/${id}/resume`, { headers: op, params: { id } });
      expect(r.status).toBe(200);
      expect(r.body.status).toBe("active");
    }
    const after = await probe();
    expect([after.session.status, after.apiKey.status, after.scim.status, after.gateway.status]).toEqual([
      200, 200, 200, 200,
    ]);
    expect((await browserSignIn(acmeProviderId, "alice.chen@acme.test")).cookie).toBeTruthy();
    expect(
      await withTenant(acme, (tx) => tx.auditEntry.count({ where: { action: "tenant.resume" } }), { db: t.db }),
    ).toBe(1);
  }, 120_000);

  it("refuses everyone but operators on /v1/platform", async () => {
    const admin = await signedIn(t.db, "acme", "alice.chen@acme.test");
    const key = await withApiKey(t.db, "acme", "alice.chen@acme.test", { role: "admin" });
    const vk = await mintKey(t.db, g);
    expect(
      (await call(tenantsRoute, "GET", "/v1/platform/tenants", { headers: browser(admin.credentials.cookie) })).status,
    ).toBe(403);
    expect((await call(tenantsRoute, "GET", "/v1/platform/tenants", { headers: key.credentials })).status).toBe(403);
    expect(
      (await call(tenantsRoute, "GET", "/v1/platform/tenants", { headers: { "x-bf-vk": vk.secret } })).status,
    ).toBe(403);
    expect((await call(tenantsRoute, "GET", "/v1/platform/tenants")).status).toBe(401);
    const create = await call(createRoute, "POST", "/v1/platform/tenants", {
      headers: browser(admin.credentials.cookie),
      body: { slug: "evil", name: "Evil", domains: ["evil.test"], first_admin_email: "a@evil.test" },
    });
    expect(create.status).toBe(403);
    expect(
      (
        await call(suspendRoute, "POST", `/v1/platform/tenants/${g.tenantId}/suspend`, {
          headers: browser(admin.credentials.cookie),
          body: {},
          params: { id: g.tenantId },
        })
      ).status,
    ).toBe(403);
  });

  it("refuses an operator without a second factor, at sign-in and with a session minted without one; grants and revokes operators", async () => {
    expect(
      await completePlatformSignIn({ sub: "x", email: DEMO_OPERATOR_EMAIL, email_verified: true, amr: ["pwd"] }),
    ).toEqual({ ok: false, reason: "mfa_required" });
    expect(
      await completePlatformSignIn({
        sub: "x",
        email: "stranger@platform.warden.test",
        email_verified: true,
        amr: ["pwd", "otp"],
      }),
    ).toEqual({ ok: false, reason: "AccessDenied" });
    const withMfa = await completePlatformSignIn({
      sub: "x",
      email: DEMO_OPERATOR_EMAIL,
      email_verified: true,
      amr: ["pwd", "otp"],
    });
    expect(withMfa.ok).toBe(true);
    const operatorId = (withMfa as { operatorId: string }).operatorId;
    const noMfa = await issueOperatorSessionCookie(operatorId, false);
    const refused = await call(tenantsRoute, "GET", "/v1/platform/tenants", {
      headers: browser(`${noMfa.name}=${noMfa.value}`),
    });
    expect(refused.status).toBe(401);
    expect(refused.body.error.type).toBe("mfa_required");

    const op = browser(operatorCookie);
    const granted = await call(grantRoute, "POST", "/v1/platform/operators", {
      headers: op,
      body: { email: "second@platform.warden.test" },
    });
    expect(granted.status).toBe(201);
    expect(
      (
        await call(grantRoute, "POST", "/v1/platform/operators", {
          headers: op,
          body: { email: "second@platform.warden.test" },
        })
      ).status,
    ).toBe(409);
    const second = await issueOperatorSessionCookie(granted.body.id, true);
    expect(
      (await call(tenantsRoute, "GET", "/v1/platform/tenants", { headers: browser(`${second.name}=${second.value}`) }))
        .status,
    ).toBe(200);
    expect(
      (
        await call(revokeRoute, "DELETE", `/v1/platform/operators/${granted.body.id}`, {
          headers: op,
          params: { id: granted.body.id },
        })
      ).status,
    ).toBe(204);
    // A revoked operator's session stops at the next request.
    expect(
      (await call(tenantsRoute, "GET", "/v1/platform/tenants", { headers: browser(`${second.name}=${second.value}`) }))
        .status,
    ).toBe(401);
    // The last operator stays.
    expect(
      (
        await call(revokeRoute, "DELETE", `/v1/platform/operators/${operatorId}`, {
          headers: op,
          params: { id: operatorId },
        })
      ).status,
    ).toBe(409);
    const ops = await call(operatorsRoute, "GET", "/v1/platform/operators", { headers: op });
    expect(ops.body.data.map((o: { email: string }) => o.email)).toEqual([DEMO_OPERATOR_EMAIL]);
    const log = await call(logRoute, "GET", "/v1/platform/log", { headers: op });
    expect(log.body.data.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining([
        "platform.operator_granted",
        "platform.operator_revoked",
        "platform.sign_in",
        "platform.sign_in_refused",
      ]),
    );
  });
});
