// Bearer JWTs from a tenant's own identity provider (ADR 0021): an OIDC provider with
// accept_bearer_tokens and an audience, set through /v1/identity/providers, is trusted at once
// (no restart, no environment), only for its own tenant and its own people, under the tenant's
// MFA policy, and no longer the moment the flag is off. REAL crypto: real key pairs, a real JWKS
// endpoint on 127.0.0.1 found by discovery, jose unmocked; requests go through the route handlers.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { resetJwksCache } from "@/lib/auth/oidc/jwks";
import { bearerClientThrottle, bearerSubjectThrottle } from "@/lib/auth/throttle";
import { setDbForTests } from "@/lib/db";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { call } from "../helpers/call-route";
import { openSeededConsole, requestAs, statusAndJson, type Caller } from "../helpers/callers";
import { signingKey, signToken, startJwksServer, type JwksServer, type SigningKey } from "../helpers/jwks-server";
import { TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { GET: me } = await import("@/app/v1/auth/me/route");
const { GET: listUsers } = await import("@/app/v1/users/route");
const { POST: createIdp } = await import("@/app/v1/identity/providers/route");
const { PATCH: patchIdp } = await import("@/app/v1/identity/providers/[id]/route");
const { PATCH: patchMfa } = await import("@/app/v1/auth/mfa-policy/route");

const PORT = TEST_DB_KIND === "pglite" ? 3325 : 3326;
let t: TestDatabase;
let admin: Caller, otherAdmin: Caller;
let jwks: JwksServer;
let key: SigningKey;
let ISSUER: string;
let acmeIdp: string;

beforeAll(async () => {
  ({ t, admin, otherAdmin } = await openSeededConsole());
  jwks = await startJwksServer(PORT);
  key = await signingKey("corp-1", "RS256");
  jwks.keys.set("corp", [key]);
  ISSUER = jwks.issuer("corp");
  resetJwksCache();
}, 300_000);

afterAll(async () => {
  setDbForTests(undefined);
  await jwks?.close();
  await t?.drop();
});

beforeEach(() => {
  bearerClientThrottle.reset();
  bearerSubjectThrottle.reset();
});

const v1 = (
  handler: typeof patchIdp,
  who: Caller,
  method: string,
  path: string,
  body?: unknown,
  params?: Record<string, string>,
) => requestAs(handler, who, method, path, body, params).then(statusAndJson);
const patchProvider = (who: Caller, id: string, body: unknown) =>
  v1(patchIdp, who, "PATCH", `/v1/identity/providers/${id}`, body, { id });

const token = (o: { audience?: string; subject?: string; claims?: Record<string, unknown>; k?: SigningKey } = {}) =>
  signToken({
    key: o.k ?? key,
    issuer: ISSUER,
    audience: o.audience ?? "warden-acme",
    subject: o.subject ?? "corp|bob",
    claims: o.claims ?? { email: "bob.martinez@acme.test", email_verified: true },
  });
const asBearer = async (jwt: string) => call(me, "GET", "/v1/auth/me", { headers: { authorization: `Bearer ${jwt}` } });

const newProvider = (over: Record<string, unknown> = {}) => ({
  type: "oidc",
  name: `Corp IdP ${Math.random().toString(36).slice(2, 7)}`,
  issuer: ISSUER,
  client_id: "warden",
  client_secret: "s3cret",
  accept_bearer_tokens: true,
  bearer_audience: "warden-acme",
  email_domains: ["acme.test"],
  ...over,
});

describe(`bearer tokens from a tenant's identity provider (${TEST_DB_KIND})`, () => {
  it("an issuer no tenant trusts is refused; added through /v1, it is trusted at once for that tenant's people", async () => {
    const before = await asBearer(await token());
    expect([before.status, before.body.error.type, before.body.error.message]).toEqual([
      401,
      "invalid_credentials",
      "The bearer token is not valid: untrusted issuer",
    ]);

    const created = await v1(createIdp, admin, "POST", "/v1/identity/providers", newProvider());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ accept_bearer_tokens: true, bearer_audience: "warden-acme", issuer: ISSUER });
    acmeIdp = created.body.id;

    const r = await asBearer(await token());
    expect(r.status).toBe(200);
    // It acts as the person with Warden's record (bob is a developer: no users.read), not the token's claims.
    const bob = await withTenant(
      admin.tenantId,
      (tx) => tx.user.findFirstOrThrow({ where: { email: "bob.martinez@acme.test" } }),
      { db: t.db },
    );
    expect(r.body).toMatchObject({
      tenant: { slug: "acme" },
      role: "developer",
      actor: { auth_method: "oidc", user_id: bob.id, email: "bob.martinez@acme.test" },
    });
    const users = await call(listUsers, "GET", "/v1/users", {
      headers: {
        authorization: `Bearer ${await token({ claims: { email: "bob.martinez@acme.test", email_verified: true, roles: ["admin"] } })}`,
      },
    });
    expect([users.status, users.body.error.type]).toEqual([403, "user_not_authorized"]);
  });

  it("a token whose subject sign-in linked to a person needs no e-mail", async () => {
    const alice = await withTenant(
      admin.tenantId,
      (tx) => tx.user.findFirstOrThrow({ where: { email: "alice.chen@acme.test" } }),
      { db: t.db },
    );
    await withTenant(
      admin.tenantId,
      (tx) =>
        tx.userIdentity.create({
          data: {
            tenantId: admin.tenantId,
            providerId: acmeIdp,
            subject: "corp|alice",
            userId: alice.id,
            linkedBy: "email",
          },
        }),
      { db: t.db },
    );
    const r = await asBearer(await token({ subject: "corp|alice", claims: {} }));
    expect([r.status, r.body.actor.user_id]).toEqual([200, alice.id]);
    const users = await call(listUsers, "GET", "/v1/users", {
      headers: { authorization: `Bearer ${await token({ subject: "corp|alice", claims: {} })}` },
    });
    expect(users.status).toBe(200);
    // A different subject with alice's verified e-mail is not alice: this provider links her to corp|alice.
    const impostor = await asBearer(
      await token({ subject: "corp|mallory", claims: { email: "alice.chen@acme.test", email_verified: true } }),
    );
    expect([impostor.status, impostor.body.error.message]).toEqual([
      401,
      "The bearer token is not valid: it names no user of this tenant",
    ]);
  });

  it("stays in its tenant: another tenant's person, a contradicting tenant claim, an unverified e-mail, another audience or key are refused", async () => {
    const notAUser = await asBearer(
      await token({ subject: "corp|hank", claims: { email: "hank.scorpio@globex.test", email_verified: true } }),
    );
    expect([notAUser.status, notAUser.body.error.message]).toEqual([
      401,
      "The bearer token is not valid: it names no user of this tenant",
    ]);
    const contradicting = await asBearer(
      await token({ claims: { email: "bob.martinez@acme.test", email_verified: true, tenant: "globex" } }),
    );
    expect(contradicting.body.error.message).toBe(
      "The bearer token is not valid: tenant claim contradicts the issuer's tenant",
    );
    const unverified = await asBearer(
      await token({ subject: "corp|bob2", claims: { email: "bob.martinez@acme.test" } }),
    );
    expect(unverified.status).toBe(401);
    const wrongAudience = await asBearer(await token({ audience: "warden-globex" }));
    expect(wrongAudience.body.error.message).toBe("The bearer token is not valid: claim aud rejected");
    const forged = await asBearer(await token({ k: await signingKey("corp-1") }));
    expect(forged.body.error.message).toBe("The bearer token is not valid: bad signature");
  });

  it("two tenants may trust one issuer with their own audiences; each token lands in its audience's tenant only", async () => {
    const globexIdp = await v1(
      createIdp,
      otherAdmin,
      "POST",
      "/v1/identity/providers",
      newProvider({ bearer_audience: "warden-globex", email_domains: ["globex.test"] }),
    );
    expect(globexIdp.status).toBe(201);
    // Globex requires MFA: its people's tokens must say so (amr).
    const hank = await asBearer(
      await token({
        audience: "warden-globex",
        subject: "corp|hank",
        claims: { email: "hank.scorpio@globex.test", email_verified: true, amr: ["pwd", "mfa"] },
      }),
    );
    expect([hank.status, hank.body.tenant?.slug]).toEqual([200, "globex"]);
    const noMfa = await asBearer(
      await token({
        audience: "warden-globex",
        subject: "corp|hank",
        claims: { email: "hank.scorpio@globex.test", email_verified: true },
      }),
    );
    expect([noMfa.status, noMfa.body.error.type]).toEqual([401, "mfa_required"]);
    // Bob's token for Globex's audience does not become a Globex session, nor an Acme one.
    const bobThere = await asBearer(await token({ audience: "warden-globex" }));
    expect(bobThere.body.error.message).toBe("The bearer token is not valid: it names no user of this tenant");
    // The same audience in both tenants names no tenant for sure: refused, never guessed.
    expect((await patchProvider(otherAdmin, globexIdp.body.id, { bearer_audience: "warden-acme" })).status).toBe(200);
    const ambiguous = await asBearer(await token());
    expect(ambiguous.body.error.message).toBe("The bearer token is not valid: ambiguous issuer configuration");
    expect((await patchProvider(otherAdmin, globexIdp.body.id, { accept_bearer_tokens: false })).status).toBe(200);
    expect((await asBearer(await token())).status).toBe(200);
  });

  it("obeys the tenant's MFA policy", async () => {
    expect((await v1(patchMfa, admin, "PATCH", "/v1/auth/mfa-policy", { require_mfa: true })).status).toBe(200);
    try {
      const without = await asBearer(await token());
      expect([without.status, without.body.error.type]).toEqual([401, "mfa_required"]);
      expect(
        (
          await asBearer(
            await token({ claims: { email: "bob.martinez@acme.test", email_verified: true, amr: ["otp"] } }),
          )
        ).status,
      ).toBe(200);
    } finally {
      await v1(patchMfa, admin, "PATCH", "/v1/auth/mfa-policy", { require_mfa: false });
    }
  });

  it("is refused as soon as the flag is off (audited), and when another instance turned it off", async () => {
    const off = await patchProvider(admin, acmeIdp, { accept_bearer_tokens: false });
    expect([off.status, off.body.accept_bearer_tokens]).toEqual([200, false]);
    const refused = await asBearer(await token());
    expect([refused.status, refused.body.error.message]).toEqual([
      401,
      "The bearer token is not valid: untrusted issuer",
    ]);
    const entry = await withTenant(
      admin.tenantId,
      (tx) =>
        tx.auditEntry.findFirst({
          where: { action: "identity_provider.update", targetId: acmeIdp },
          orderBy: { seq: "desc" },
        }),
      { db: t.db },
    );
    expect(entry?.details).toMatchObject({
      accept_bearer_tokens: false,
      bearer_audience: "warden-acme",
      previous: { accept_bearer_tokens: true },
    });

    // On again; then the row changes behind this instance's back (as another instance's save would,
    // without clearing this one's lookup cache): the row read in the tenant transaction decides.
    expect((await patchProvider(admin, acmeIdp, { accept_bearer_tokens: true })).status).toBe(200);
    expect((await asBearer(await token())).status).toBe(200);
    await withTenant(
      admin.tenantId,
      (tx) => tx.identityProvider.update({ where: { id: acmeIdp }, data: { enabled: false } }),
      { db: t.db },
    );
    expect((await asBearer(await token())).body.error.message).toBe("The bearer token is not valid: untrusted issuer");
  });

  it("needs an OIDC-type provider with an issuer and an audience", async () => {
    const noAudience = await v1(
      createIdp,
      admin,
      "POST",
      "/v1/identity/providers",
      newProvider({ bearer_audience: undefined }),
    );
    expect([noAudience.status, noAudience.body.error.issues?.[0]?.path]).toEqual([400, "bearer_audience"]);
    const cleared = await patchProvider(admin, acmeIdp, { accept_bearer_tokens: true, bearer_audience: null });
    expect([cleared.status, cleared.body.error.issues?.[0]?.path]).toEqual([400, "bearer_audience"]);
    const saml = await withTenant(
      admin.tenantId,
      (tx) =>
        tx.identityProvider.create({
          data: {
            tenantId: admin.tenantId,
            type: "saml",
            name: "SAML for bearer",
            samlEntityId: "e",
            samlSsoUrl: "https://sso.acme.example",
            samlCertificate: "x",
          },
        }),
      { db: t.db },
    );
    const onSaml = await patchProvider(admin, saml.id, { accept_bearer_tokens: true, bearer_audience: "x" });
    expect([onSaml.status, onSaml.body.error.issues?.[0]?.path]).toEqual([400, "accept_bearer_tokens"]);
  });

  it("the environment's issuers keep working beside the tenants'", async () => {
    const envKey = await signingKey("env-1", "ES256");
    jwks.keys.set("env", [envKey]);
    process.env.WARDEN_OIDC_ISSUER = jwks.issuer("env");
    process.env.WARDEN_OIDC_AUDIENCE = "warden-env";
    try {
      const envToken = await signToken({
        key: envKey,
        issuer: jwks.issuer("env"),
        audience: "warden-env",
        subject: "svc",
        claims: { tenant: "acme", roles: ["viewer"] },
      });
      const r = await asBearer(envToken);
      expect([r.status, r.body.tenant?.slug]).toEqual([200, "acme"]);
    } finally {
      delete process.env.WARDEN_OIDC_ISSUER;
      delete process.env.WARDEN_OIDC_AUDIENCE;
    }
  });
});
