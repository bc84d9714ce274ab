// /v1/auth/me and /v1/auth/debug answer correctly for every bearer-style method: API key,
// OIDC JWT (real JWKS endpoint), trusted proxy, and the console session cookie (including a
// session issued before the user's sessions were revoked).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as debugRoute } from "@/app/v1/auth/debug/route";
import { GET as meRoute } from "@/app/v1/auth/me/route";
import { GET as policyRoute } from "@/app/v1/auth/policy/route";
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

const PORT = TEST_DB_KIND === "pglite" ? 3323 : 3324;
const PROXY_SECRET = "proxy-secret-0123456789abcdef-0123456789";
let t: TestDatabase;
let jwks: JwksServer;
let key: SigningKey;
let acme: string;
let apiKey: { id: string; secret: string };

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  setDbForTests(t.db);
  acme = await tenantIdBySlug(t.db, "acme");
  apiKey = await withTenant(
    acme,
    (tx) =>
      mintApiKey(tx, {
        tenantId: acme,
        role: "developer",
        scopes: ["dashboards.read", "usage.read"],
        ttlSeconds: 600,
        name: "introspect",
        createdBy: { kind: "system", subject: "test" },
        source: "api",
      }),
    { db: t.db },
  );
  jwks = await startJwksServer(PORT);
  key = await signingKey("k1", "ES256");
  jwks.keys.set("idp", [key]);
  process.env.WARDEN_OIDC_ISSUER = jwks.issuer("idp");
  process.env.WARDEN_OIDC_AUDIENCE = "warden";
  process.env.WARDEN_OIDC_JWKS_URI = `${jwks.issuer("idp")}/jwks`;
  delete process.env.WARDEN_OIDC_TENANT_PROVIDERS_JSON;
  resetJwksCache();
});

afterAll(async () => {
  setDbForTests(undefined);
  await jwks?.close();
  await t?.drop();
});

beforeEach(() => {
  bearerClientThrottle.reset();
  bearerSubjectThrottle.reset();
});
afterEach(() => {
  delete process.env.WARDEN_TRUST_PROXY_AUTH;
  delete process.env.WARDEN_TRUST_PROXY_SECRET;
});

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

describe(`/v1/auth/me and /v1/auth/debug (${TEST_DB_KIND})`, () => {
  it("answer for an API key, with the caller's request id and trace honoured", async () => {
    const headers = {
      authorization: `Bearer ${apiKey.secret}`,
      "x-request-id": "req_from_ingress_1",
      traceparent: `00-${TRACE}-00f067aa0ba902b7-01`,
    };
    const me = await call(meRoute, "GET", "/v1/auth/me", { headers });
    expect(me.body).toMatchObject({
      role: "developer",
      actor: { auth_method: "api_key", subject: apiKey.id },
      tenant: { id: acme, slug: "acme" },
    });
    expect(me.body.permissions).toEqual(["dashboards.read", "usage.read"]);
    expect(me.body.can.see).toEqual(["dashboards.read", "usage.read"]);
    expect(me.body.cannot).toContain("api_keys.write");
    const dbg = await call(debugRoute, "GET", "/v1/auth/debug?permission=api_keys.write", { headers });
    expect(dbg.headers.get("x-request-id")).toBe("req_from_ingress_1");
    expect(dbg.headers.get("traceparent")).toMatch(new RegExp(`^00-${TRACE}-[0-9a-f]{16}-01$`));
    expect(dbg.body).toMatchObject({
      auth_method: "api_key",
      subject: apiKey.id,
      role: "developer",
      tenant_id: acme,
      key_id_prefix: apiKey.id.slice(0, 12),
      request_id: "req_from_ingress_1",
      trace_id: TRACE,
      issuer_suffix: null,
    });
    expect(dbg.body.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(dbg.body.check).toMatchObject({ permission: "api_keys.write", granted: false });
    expect(dbg.body.check.reason).toMatch(/scopes narrow it away/);
    expect(JSON.stringify(dbg.body) + JSON.stringify(me.body)).not.toContain(apiKey.secret);
  });

  it("answer for an OIDC JWT", async () => {
    const token = await signToken({
      key,
      issuer: jwks.issuer("idp"),
      audience: "warden",
      subject: "okta|carol",
      claims: {
        tenant: "acme",
        roles: ["viewer"],
        email: "carol.johnson@acme.test",
        name: "Carol Johnson",
        amr: ["pwd", "mfa"],
      },
    });
    const headers = { authorization: `Bearer ${token}` };
    const me = await call(meRoute, "GET", "/v1/auth/me", { headers });
    expect(me.body).toMatchObject({
      role: "viewer",
      actor: { auth_method: "oidc", subject: "okta|carol", email: "carol.johnson@acme.test", mfa: true },
      tenant: { slug: "acme" },
    });
    const dbg = await call(debugRoute, "GET", "/v1/auth/debug?permission=audit.read", { headers });
    expect(dbg.body).toMatchObject({ auth_method: "oidc", subject: "okta|carol", role: "viewer", key_id_prefix: null });
    expect(jwks.issuer("idp").endsWith(dbg.body.issuer_suffix.replace(/^…/, ""))).toBe(true);
    expect(dbg.body.check).toMatchObject({
      granted: false,
      reason: expect.stringMatching(/Role viewer does not include audit.read/),
    });
    expect(dbg.headers.get("x-request-id")).toBe(dbg.body.request_id);
  });

  it("answer for the trusted proxy only when enabled with a long enough secret", async () => {
    const headers = {
      "x-warden-proxy-secret": PROXY_SECRET,
      "x-warden-user": "alice.chen@acme.test",
      "x-warden-tenant": "acme",
      "x-warden-role": "admin",
    };
    const off = await call(meRoute, "GET", "/v1/auth/me", { headers });
    expect([off.status, off.body.error.type]).toEqual([401, "invalid_credentials"]);
    process.env.WARDEN_TRUST_PROXY_AUTH = "1";
    process.env.WARDEN_TRUST_PROXY_SECRET = "too-short";
    expect((await call(meRoute, "GET", "/v1/auth/me", { headers })).status).toBe(401);
    const policy = await call(policyRoute, "GET", "/v1/auth/policy", {
      headers: { authorization: `Bearer ${apiKey.secret}` },
    });
    expect(policy.body.auth_modes.trusted_proxy).toBe("refused");
    process.env.WARDEN_TRUST_PROXY_SECRET = PROXY_SECRET;
    const wrong = await call(meRoute, "GET", "/v1/auth/me", {
      headers: { ...headers, "x-warden-proxy-secret": `${PROXY_SECRET}x` },
    });
    expect(wrong.status).toBe(401);
    const me = await call(meRoute, "GET", "/v1/auth/me", { headers });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      role: "admin",
      actor: { auth_method: "proxy", subject: "alice.chen@acme.test" },
      tenant: { slug: "acme" },
    });
    const dbg = await call(debugRoute, "GET", "/v1/auth/debug", { headers });
    expect(dbg.body).toMatchObject({ auth_method: "proxy", role: "admin", tenant_id: acme });
    expect(JSON.stringify(dbg.body)).not.toContain(PROXY_SECRET);
  });

  it("answer for a session cookie with the user's role; a session older than sessions_revoked_at is 401", async () => {
    const bob = await withTenant(
      acme,
      (tx) => tx.user.findFirstOrThrow({ where: { tenantId: acme, email: "bob.martinez@acme.test" } }),
      { db: t.db },
    );
    const cookie = await issueSessionCookie(bob.id, acme, true, TEST_SESSION_ORIGIN, { db: t.db });
    const headers = { cookie: `${cookie.name}=${cookie.value}` };
    const me = await call(meRoute, "GET", "/v1/auth/me", { headers });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      role: "developer",
      actor: { auth_method: "session", subject: bob.id, email: "bob.martinez@acme.test", mfa: true },
      tenant: { id: acme, slug: "acme" },
    });
    const dbg = await call(debugRoute, "GET", "/v1/auth/debug?permission=api_keys.write", { headers });
    expect(dbg.body).toMatchObject({
      auth_method: "session",
      subject: bob.id,
      role: "developer",
      tenant_id: acme,
      key_id_prefix: null,
    });
    expect(dbg.body.check).toMatchObject({ permission: "api_keys.write", granted: true });
    // Revocation one second after the sign-in (the cookie's auth time has second precision).
    const authAt = Math.floor(Date.now() / 1000) * 1000;
    await withTenant(
      acme,
      (tx) => tx.user.update({ where: { id: bob.id }, data: { sessionsRevokedAt: new Date(authAt + 1000) } }),
      { db: t.db },
    );
    const revoked = await call(meRoute, "GET", "/v1/auth/me", { headers });
    expect([revoked.status, revoked.body.error.type]).toEqual([401, "invalid_credentials"]);
    expect((await call(debugRoute, "GET", "/v1/auth/debug", { headers })).status).toBe(401);
    // A session issued after the revocation works again.
    await withTenant(
      acme,
      (tx) => tx.user.update({ where: { id: bob.id }, data: { sessionsRevokedAt: new Date(Date.now() - 60_000) } }),
      { db: t.db },
    );
    expect((await call(meRoute, "GET", "/v1/auth/me", { headers })).status).toBe(200);
  });

  it("the policy reports TTLs, overlap and enabled modes", async () => {
    const res = await call(policyRoute, "GET", "/v1/auth/policy", {
      headers: { authorization: `Bearer ${apiKey.secret}` },
    });
    expect(res.body.api_keys).toMatchObject({ default_ttl_days: 90, max_ttl_days: 365, max_overlap_hours: 24 });
    expect(res.body.auth_modes).toMatchObject({ api_key: true, trusted_proxy: "off", oidc_bearer: { enabled: true } });
  });

  it("without credentials: 401 authentication_required with a request id", async () => {
    const res = await call(meRoute, "GET", "/v1/auth/me");
    expect([res.status, res.body.error.type]).toEqual([401, "authentication_required"]);
    expect(res.body.error.request_id).toBe(res.headers.get("x-request-id"));
  });
});
