// Bearer OIDC JWTs with REAL crypto: real key pairs, a real JWKS HTTP endpoint on 127.0.0.1,
// jose verification unmocked. Every refusal is a final 401 invalid_credentials.
import { base64url, SignJWT } from "jose";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { resolveActor } from "@/lib/auth/resolver";
import { bearerClientThrottle, bearerSubjectThrottle } from "@/lib/auth/throttle";
import { resetJwksCache } from "@/lib/auth/oidc/jwks";
import { setDbForTests } from "@/lib/db";
import { WardenError } from "@/lib/errors";
import { requestIds } from "@/lib/http/request-context";
import { signingKey, signToken, startJwksServer, type JwksServer, type SigningKey } from "../helpers/jwks-server";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

const PORT = TEST_DB_KIND === "pglite" ? 3321 : 3322;
let t: TestDatabase;
let jwks: JwksServer;
let k1: SigningKey;
let g1: SigningKey;
let attacker: SigningKey;
let GLOBAL: string;
let GLOBEX: string;
const AUD = "warden-api";

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  setDbForTests(t.db);
  jwks = await startJwksServer(PORT);
  [k1, g1, attacker] = await Promise.all([
    signingKey("k1", "RS256"),
    signingKey("g1", "ES256"),
    signingKey("k1", "RS256"),
  ]);
  jwks.keys.set("global", [k1]);
  jwks.keys.set("globex", [g1]);
  GLOBAL = jwks.issuer("global");
  GLOBEX = jwks.issuer("globex");
  // The global issuer is found by discovery; the tenant-bound one names its JWKS explicitly.
  process.env.WARDEN_OIDC_ISSUER = GLOBAL;
  process.env.WARDEN_OIDC_AUDIENCE = AUD;
  process.env.WARDEN_OIDC_TENANT_PROVIDERS_JSON = JSON.stringify({
    globex: { issuer: GLOBEX, audience: "warden-globex", jwks_uri: `${GLOBEX}/jwks`, require_tenant_claim: false },
  });
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
  delete process.env.WARDEN_OIDC_ALLOW_DEFAULT_TENANT;
});
afterEach(() => vi.useRealTimers());

const headers = (token: string) => new Headers({ authorization: `Bearer ${token}` });
const resolve = (token: string) =>
  resolveActor({ headers: headers(token), ids: requestIds(new Headers()), surface: "api" });
const acmeToken = (o: Partial<Parameters<typeof signToken>[0]> = {}) =>
  signToken({
    key: k1,
    issuer: GLOBAL,
    audience: AUD,
    claims: { tenant: "acme", roles: ["developer"], email: "bob.martinez@acme.test" },
    ...o,
  });

async function refused(token: string, why: RegExp): Promise<void> {
  const e = await resolve(token).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, "token should be refused").toBeInstanceOf(WardenError);
  expect((e as WardenError).type).toBe("invalid_credentials");
  expect((e as WardenError).status).toBe(401);
  expect((e as WardenError).message).toMatch(why);
}

describe(`OIDC bearer JWT (${TEST_DB_KIND})`, () => {
  it("accepts a valid token: tenant, role and permissions from claims", async () => {
    const actor = await resolve(await acmeToken());
    expect(actor).toMatchObject({
      authMethod: "oidc",
      subject: "user-123",
      tenantSlug: "acme",
      role: "developer",
      issuer: GLOBAL,
    });
    expect(actor.permissions.has("api_keys.write")).toBe(true);
    expect(actor.permissions.has("users.write")).toBe(false);
  });

  it("takes the highest of several roles", async () => {
    const actor = await resolve(
      await acmeToken({ claims: { tenant: "acme", roles: ["viewer", "Admin", "developer"] } }),
    );
    expect(actor.role).toBe("admin");
  });

  it("refuses alg none", async () => {
    const enc = (o: object) => base64url.encode(JSON.stringify(o));
    const now = Math.floor(Date.now() / 1000);
    const token = `${enc({ alg: "none", kid: "k1" })}.${enc({ iss: GLOBAL, aud: AUD, sub: "x", tenant: "acme", roles: ["admin"], iat: now, exp: now + 300 })}.`;
    await refused(token, /algorithm/);
  });

  it("refuses HS256 signed with the issuer's public key", async () => {
    const pem = new TextEncoder().encode(JSON.stringify(k1.publicJwk));
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ tenant: "acme", roles: ["admin"] })
      .setProtectedHeader({ alg: "HS256", kid: "k1" })
      .setIssuer(GLOBAL)
      .setAudience(AUD)
      .setSubject("x")
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(pem);
    await refused(token, /algorithm/);
  });

  it("refuses injected jku and jwk headers and never fetches the injected location", async () => {
    const evil = `${jwks.base}/evil/jwks`;
    jwks.keys.set("evil", [attacker]);
    await refused(await acmeToken({ key: attacker, header: { jku: evil } }), /key-location/);
    await refused(await acmeToken({ key: attacker, header: { jwk: attacker.publicJwk } }), /key-location/);
    await refused(await acmeToken({ key: attacker, header: { x5u: evil } }), /key-location/);
    expect(jwks.fetches.get("evil/jwks") ?? 0).toBe(0);
  });

  it("refuses a token signed by a different key under a known kid", async () => {
    await refused(await acmeToken({ key: attacker }), /bad signature/);
  });

  it("refuses expired, not-yet-valid, wrong issuer, wrong audience and missing exp", async () => {
    await refused(await acmeToken({ expiresIn: -120 }), /expired/);
    await refused(await acmeToken({ notBefore: 600 }), /nbf/);
    await refused(await acmeToken({ issuer: jwks.issuer("other") }), /untrusted issuer/);
    await refused(await acmeToken({ audience: "someone-else" }), /aud/);
    await refused(await acmeToken({ expiresIn: null }), /exp/);
  });

  it("accepts a token expired by less than the clock skew, refuses past 60 s", async () => {
    expect((await resolve(await acmeToken({ expiresIn: -10 }))).tenantSlug).toBe("acme");
    await refused(await acmeToken({ expiresIn: -61 }), /expired/);
  });

  it("refuses a missing tenant claim unless a default tenant is explicitly allowed", async () => {
    const token = await acmeToken({ claims: { roles: ["viewer"] } });
    await refused(token, /tenant claim missing/);
    process.env.WARDEN_OIDC_ALLOW_DEFAULT_TENANT = "globex";
    expect((await resolve(token)).tenantSlug).toBe("globex");
  });

  it("binds a tenant-bound issuer's tokens to its tenant and refuses a contradicting claim", async () => {
    const ok = await signToken({ key: g1, issuer: GLOBEX, audience: "warden-globex", claims: { roles: "viewer" } });
    expect((await resolve(ok)).tenantSlug).toBe("globex");
    const contradicting = await signToken({
      key: g1,
      issuer: GLOBEX,
      audience: "warden-globex",
      claims: { tenant: "acme", roles: ["admin"] },
    });
    await refused(contradicting, /contradicts/);
  });

  it("refuses a tampered payload", async () => {
    const [h, , s] = (await acmeToken()).split(".");
    const forged = base64url.encode(
      JSON.stringify({
        iss: GLOBAL,
        aud: AUD,
        sub: "user-123",
        tenant: "acme",
        roles: ["admin"],
        iat: 1,
        exp: 4_000_000_000,
      }),
    );
    await refused(`${h}.${forged}.${s}`, /bad signature/);
  });

  it("refuses an unknown kid, refetching the JWKS at most once per cooldown, and picks up a rotated-in key", async () => {
    resetJwksCache();
    jwks.fetches.clear();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    await resolve(await acmeToken()); // first use: one fetch
    expect(jwks.fetches.get("global/jwks")).toBe(1);
    const stranger = await signingKey("k-unknown");
    for (let i = 0; i < 3; i++) await refused(await acmeToken({ key: stranger }), /unknown signing key/);
    expect(jwks.fetches.get("global/jwks")).toBe(1); // inside the cooldown: no refetch per request
    // The IdP rotates in a new key; past the cooldown one unknown kid triggers exactly one refetch.
    const k2 = await signingKey("k2");
    jwks.keys.set("global", [k1, k2]);
    vi.setSystemTime(Date.now() + 31_000);
    expect((await resolve(await acmeToken({ key: k2 }))).tenantSlug).toBe("acme");
    expect(jwks.fetches.get("global/jwks")).toBe(2);
    for (let i = 0; i < 3; i++) await refused(await acmeToken({ key: stranger }), /unknown signing key/);
    expect(jwks.fetches.get("global/jwks")).toBe(2);
  });

  it("never retries a failed JWT as another method, and throttles repeated failures per subject", async () => {
    const bad = await acmeToken({ key: attacker, subject: "mallory" });
    for (let i = 0; i < 10; i++) await refused(bad, /bad signature/);
    const e = await resolve(bad).catch((err: WardenError) => err);
    expect(e).toMatchObject({ type: "rate_limited", status: 429 });
    expect((e as WardenError).headers?.["Retry-After"]).toMatch(/^\d+$/);
  });

  it("refuses a bearer token that is neither an API key nor a JWT", async () => {
    await refused("not-a-token", /not valid/);
  });
});
