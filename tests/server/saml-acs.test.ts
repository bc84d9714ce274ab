// SAML routes and persistence on a real database (PGlite and PostgreSQL): metadata, SP-initiated
// login with a one-time RelayState bound to the AuthnRequest id, the ACS with DB-backed replay
// and RelayState stores, refusals as 401 invalid_credentials that still commit their effects;
// the browser flow's console session (cookie accepted by the session method) and its redirects.
import { inflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as metadataGET } from "@/app/v1/auth/saml/[tenant]/metadata/route";
import { POST as acsPOST } from "@/app/v1/auth/saml/[tenant]/acs/route";
import { GET as loginGET } from "@/app/v1/auth/saml/[tenant]/login/route";
import { GET as meGET } from "@/app/v1/auth/me/route";
import { loadSession } from "@/lib/auth/methods/session";
import { handleSamlAcs } from "@/lib/auth/saml/acs";
import { spEndpoints } from "@/lib/auth/saml/metadata";
import type { SamlOutcomes } from "@/lib/auth/saml/outcomes";
import { issueRelayState } from "@/lib/auth/saml/stores";
import { setDbForTests } from "@/lib/db";
import { stampPeer } from "@/lib/http/client-ip";
import { requestIds } from "@/lib/http/request-context";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { b64, buildResponse, opensslKeyPair, signAssertion, type KeyPair } from "../helpers/saml-idp";
import { createTestDatabase, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

const BASE = "http://127.0.0.1:3341";
const IDP = "https://idp.acme.example/saml";
const sp = spEndpoints(BASE, "acme");
let t: TestDatabase;
let idp: KeyPair;
let acme: string;
let globex: string;

// Records what the ACS produced instead of minting credentials (API keys are tested with their own work).
const outcomes: SamlOutcomes = {
  api: async (_tx, login) => ({
    response: Response.json({ flow: "api", role: login.role, email: login.identity.email }),
  }),
  browser: async (login) => Response.json({ flow: "browser", role: login.role }),
};

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  setDbForTests(t.db);
  acme = await tenantIdBySlug(t.db, "acme");
  globex = await tenantIdBySlug(t.db, "globex");
  idp = opensslKeyPair("Acme server-test IdP");
  process.env.AUTH_URL = BASE;
  process.env.AUTH_SECRET ??= "saml-acs-test-secret-0123456789abcdef";
  process.env.WARDEN_SAML_PROVIDERS_JSON = JSON.stringify({
    acme: {
      entity_id: IDP,
      sso_url: "https://idp.acme.example/sso",
      certificate: idp.cert,
      role_mapping: { "warden-admins": "admin", "warden-devs": "developer" },
    },
  });
});

afterAll(async () => {
  setDbForTests(undefined);
  delete process.env.WARDEN_SAML_PROVIDERS_JSON;
  await t?.drop();
});

const ctx = (tenant = "acme") => ({ params: Promise.resolve({ tenant }) });
const signed = (over: Partial<Parameters<typeof buildResponse>[0]> = {}) =>
  signAssertion(
    buildResponse({
      issuer: IDP,
      destination: sp.acsUrl,
      audience: sp.spEntityId,
      nameId: "ada@acme.test",
      attributes: { groups: ["warden-devs"] },
      ...over,
    }).xml,
    idp,
  );
const relay = (tenantId: string, requestId?: string, purpose: "api" | "browser" = "api") =>
  withTenant(tenantId, (tx) => issueRelayState(tx, { purpose, requestId }), { db: t.db });
const acs = (xml: string, relayState: string | null) =>
  handleSamlAcs(
    { tenantSlug: "acme", form: { samlResponse: b64(xml), relayState }, baseUrl: BASE, requestId: "req_test" },
    outcomes,
    t.db,
  );
const refusedWith = async (p: Promise<unknown>) => {
  const e = (await p.then(
    () => null,
    (err: unknown) => err,
  )) as { type?: string; message?: string } | null;
  expect(e?.type).toBe("invalid_credentials");
  return e!.message!;
};

describe("SAML SP routes and persistence", () => {
  it("serves SP metadata with the tenant's entity id and ACS, wanting signed assertions", async () => {
    const res = await metadataGET(new Request(`${BASE}/v1/auth/saml/acme/metadata`), ctx());
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(xml).toContain(`entityID="${sp.spEntityId}"`);
    expect(xml).toContain(`Location="${sp.acsUrl}"`);
    expect(xml).toContain('WantAssertionsSigned="true"');
    expect((await metadataGET(new Request(`${BASE}/v1/auth/saml/nope/metadata`), ctx("nope"))).status).toBe(404);
  });

  it("starts an SP-initiated login, and the ACS accepts the answer with that RelayState and InResponseTo", async () => {
    const res = await loginGET(new Request(`${BASE}/v1/auth/saml/acme/login?purpose=api`), ctx());
    expect(res.status).toBe(302);
    const url = new URL(res.headers.get("location")!);
    expect(url.origin + url.pathname).toBe("https://idp.acme.example/sso");
    const request = inflateRawSync(Buffer.from(url.searchParams.get("SAMLRequest")!, "base64")).toString("utf8");
    const requestId = /ID="([^"]+)"/.exec(request)![1];
    expect(request).toContain(`AssertionConsumerServiceURL="${sp.acsUrl}"`);
    const out = await acs(signed({ inResponseTo: requestId }), url.searchParams.get("RelayState"));
    expect(await out.json()).toEqual({ flow: "api", role: "developer", email: "ada@acme.test" });
    const ok = await withTenant(
      acme,
      (tx) => tx.auditEntry.findMany({ where: { action: "auth.login", outcome: "success", authMethod: "saml" } }),
      { db: t.db },
    );
    expect(ok.map((e) => (e.details as { role?: string }).role)).toContain("developer");
  });

  it("API flow through the routes: the ACS mints a one-hour key with the mapped role that then authenticates", async () => {
    const start = await loginGET(new Request(`${BASE}/v1/auth/saml/acme/login?purpose=api`), ctx());
    const url = new URL(start.headers.get("location")!);
    const requestId = /ID="([^"]+)"/.exec(
      inflateRawSync(Buffer.from(url.searchParams.get("SAMLRequest")!, "base64")).toString("utf8"),
    )![1];
    const body = new URLSearchParams({
      SAMLResponse: b64(signed({ inResponseTo: requestId })),
      RelayState: url.searchParams.get("RelayState")!,
    });
    const res = await acsPOST(
      new Request(sp.acsUrl, {
        method: "POST",
        body,
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
      ctx(),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const minted = await res.json();
    expect(minted).toMatchObject({ tenant: "acme", role: "developer", api_key: expect.stringMatching(/^wdn_/) });
    const ttl = Date.parse(minted.expires_at) - Date.now();
    expect(ttl).toBeGreaterThan(3_500_000);
    expect(ttl).toBeLessThanOrEqual(3_600_000);
    const me = await meGET(
      new Request(`${BASE}/v1/auth/me`, { headers: { authorization: `Bearer ${minted.api_key}` } }),
      ctx(),
    );
    expect(me.status).toBe(200);
    const who = await me.json();
    expect(JSON.stringify(who)).toContain('"auth_method":"saml"');
    expect(who.role).toBe("developer");
    expect(who.tenant.slug).toBe("acme");
    const key = await withTenant(
      acme,
      (tx) => tx.apiKey.findFirstOrThrow({ where: { source: "saml", createdBy: "saml:ada@acme.test" } }),
      { db: t.db },
    );
    expect(key.secretHash).not.toContain(minted.api_key);
  });

  it("records the assertion: the same response again is refused as a replay", async () => {
    const xml = signed();
    await acs(xml, await relay(acme));
    expect(await refusedWith(acs(xml, await relay(acme)))).toMatch(/^SAML login refused: replayed/);
    const rows = await withTenant(acme, (tx) => tx.samlReplay.count({ where: { tenantId: acme } }), { db: t.db });
    expect(rows).toBeGreaterThanOrEqual(2);
  });

  it("a RelayState works once, and a refused login still consumes it", async () => {
    const state = await relay(acme);
    expect(await refusedWith(acs(signed({ audience: "https://elsewhere.example" }), state))).toMatch(
      /audience_mismatch/,
    );
    expect(await refusedWith(acs(signed(), state))).toMatch(/relay_state_invalid/);
    const entries = await withTenant(
      acme,
      (tx) => tx.auditEntry.findMany({ where: { action: "auth.login", outcome: "failure" } }),
      { db: t.db },
    );
    const reasons = entries.map((e) => (e.details as { reason?: string }).reason);
    expect(reasons).toEqual(expect.arrayContaining(["audience_mismatch", "relay_state_invalid"]));
    expect(entries.every((e) => e.authMethod === "saml" && e.requestId === "req_test")).toBe(true);
  });

  it("another tenant's RelayState is unknown here", async () => {
    expect(await refusedWith(acs(signed(), await relay(globex)))).toMatch(/relay_state_invalid/);
  });

  it("refuses an assertion whose groups map to no Warden role", async () => {
    expect(await refusedWith(acs(signed({ attributes: { groups: ["sales"] } }), await relay(acme)))).toMatch(
      /role_unmapped/,
    );
  });

  it("the ACS route answers refusals as 401 invalid_credentials with the reason, never 500", async () => {
    const post = (body: string, type = "application/x-www-form-urlencoded", tenant = "acme") =>
      acsPOST(
        new Request(`${BASE}/v1/auth/saml/${tenant}/acs`, { method: "POST", body, headers: { "content-type": type } }),
        ctx(tenant),
      );
    const form = (xml: string, rs: string) =>
      new URLSearchParams({ SAMLResponse: b64(xml), RelayState: rs }).toString();
    const cases: [Promise<Response>, RegExp][] = [
      [
        post(
          form(buildResponse({ issuer: IDP, destination: sp.acsUrl, audience: sp.spEntityId }).xml, await relay(acme)),
        ),
        /assertion_unsigned/,
      ],
      [post(form(signed({ destination: "https://evil.example/acs" }), await relay(acme))), /destination_mismatch/],
      [post("SAMLResponse=" + "A".repeat(700 * 1024)), /body_too_large/],
      [post("{}", "application/json"), /malformed/],
      [post("RelayState=x"), /missing_response/],
      [post(form(signed(), "x"), undefined, "globex"), /not_configured/],
    ];
    for (const [res, reason] of cases) {
      const r = await res;
      const body = await r.json();
      expect([r.status, body.error.type]).toEqual([401, "invalid_credentials"]);
      expect(body.error.message).toMatch(reason);
      expect(r.headers.get("x-request-id")).toBeTruthy();
    }
    const unknown = await post(form(signed(), "x"), undefined, "no-such-tenant");
    expect([unknown.status, (await unknown.json()).error.type]).toEqual([404, "not_found"]);
  });

  it("reads the tenant's SAML IdP from identity_providers (globex has no bootstrap entry)", async () => {
    const gsp = spEndpoints(BASE, "globex");
    await withTenant(
      globex,
      (tx) =>
        tx.identityProvider.create({
          data: {
            tenantId: globex,
            type: "saml",
            name: "Globex SAML",
            samlEntityId: "https://idp.globex.example",
            samlSsoUrl: "https://idp.globex.example/sso",
            samlCertificate: idp.cert,
          },
        }),
      { db: t.db },
    );
    const xml = signAssertion(
      buildResponse({
        issuer: "https://idp.globex.example",
        destination: gsp.acsUrl,
        audience: gsp.spEntityId,
        attributes: { roles: ["Viewer"] },
      }).xml,
      idp,
    );
    const rs = await relay(globex);
    const out = await handleSamlAcs(
      { tenantSlug: "globex", form: { samlResponse: b64(xml), relayState: rs }, baseUrl: BASE, requestId: "req_g" },
      outcomes,
      t.db,
    );
    expect(await out.json()).toMatchObject({ flow: "api", role: "viewer" });
  });
});

describe("SAML browser flow (real route, real session)", () => {
  const post = async (xml: string, relayState: string, ip = "198.51.100.7") =>
    acsPOST(
      new Request(sp.acsUrl, {
        method: "POST",
        body: new URLSearchParams({ SAMLResponse: b64(xml), RelayState: relayState }),
        // The peer address as the server stamps it from the socket (X-Forwarded-For is not trusted).
        headers: stampPeer(new Headers({ "content-type": "application/x-www-form-urlencoded" }), ip),
      }),
      ctx(),
    );

  it("a valid assertion answers 303 to / with a session cookie the session method accepts", async () => {
    const xml = signed({
      nameId: "bob.martinez@acme.test",
      attributes: { groups: ["warden-admins"], amr: ["pwd", "mfa"] },
    });
    const res = await post(xml, await relay(acme, undefined, "browser"));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^authjs\.session-token=[^;]+;.*HttpOnly/);
    const cookie = setCookie.split(";")[0];
    const session = await loadSession(new Headers({ cookie }), requestIds(new Headers()), { db: t.db });
    expect(session && "actor" in session).toBe(true);
    const actor = (
      session as { actor: { email?: string; role: string; tenantSlug: string; mfa: boolean; authMethod: string } }
    ).actor;
    // The env bootstrap's mapping (warden-admins -> admin) reached the SSO sign-in's role sync.
    expect(actor).toMatchObject({
      email: "bob.martinez@acme.test",
      role: "admin",
      tenantSlug: "acme",
      mfa: true,
      authMethod: "session",
    });
    const audits = await withTenant(
      acme,
      (tx) => tx.auditEntry.findMany({ where: { requestId: res.headers.get("x-request-id") ?? "" } }),
      { db: t.db },
    );
    expect(audits.map((a) => a.action).sort()).toEqual(["auth.login", "saml.assertion_accepted"]);
    // The same assertion again is a replay, refused before any session is issued.
    const again = await post(xml, await relay(acme, undefined, "browser"));
    expect([again.status, again.headers.get("set-cookie")]).toEqual([401, null]);
  });

  it("a deactivated user is redirected to the sign-in page with account_disabled and gets no cookie", async () => {
    const res = await post(
      signed({ nameId: "ivan.horvat@acme.test", attributes: { groups: ["warden-devs"] } }),
      await relay(acme, undefined, "browser"),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/signin?error=account_disabled");
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("a browser login whose groups map to no role goes back to the sign-in page", async () => {
    const res = await post(
      signed({ nameId: "carol.johnson@acme.test", attributes: { groups: ["sales"] } }),
      await relay(acme, undefined, "browser"),
    );
    expect([res.status, res.headers.get("location")]).toEqual([303, "/signin?error=AccessDenied"]);
  });

  it("SAML posts go through the sign-in throttle (per client IP)", async () => {
    process.env.WARDEN_SIGNIN_MAX_PER_IP = "3";
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) codes.push((await post(signed(), "unknown-relay-state", "203.0.113.99")).status);
      expect(codes).toEqual([401, 401, 401, 429]);
    } finally {
      delete process.env.WARDEN_SIGNIN_MAX_PER_IP;
    }
  });
});
