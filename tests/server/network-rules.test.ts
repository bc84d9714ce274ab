// Network rules (ADR 0036) on the production path: callers are a real session cookie, a real API
// key, a real virtual key at the lean gateway and a real sign-in through the Auth.js callback. The
// client address is set as production sets it: route handlers get the per-process peer stamp that
// the server writes from the socket (stampPeer), and the gateway, a real HTTP server, sees its
// socket peer 127.0.0.1 as a trusted proxy (WARDEN_TRUSTED_PROXIES) and takes X-Forwarded-For.
import type { Account, Profile, User } from "@auth/core/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as meRoute } from "@/app/v1/auth/me/route";
import { GET as getRules, PUT as putRules } from "@/app/v1/network-rules/route";
import { buildAuthConfig } from "@/lib/auth/sso/config";
import { setDbForTests } from "@/lib/db";
import { settled } from "@/lib/gateway/core";
import { stampPeer } from "@/lib/http/client-ip";
import { localSubject } from "@/lib/idp-local/accounts";
import { NETWORK_RULES_TTL_MS } from "@/lib/network/rules";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { startUpstream, type FixtureUpstream } from "../fixtures/upstream";
import { call } from "../helpers/call-route";
import { pointProcessDbAt, signedIn, withApiKey, type Caller } from "../helpers/callers";
import { chat, createGovTenant, mintKey, post, startGateway, type GovTenant } from "../helpers/gateway-setup";
import { allowOutbound } from "../helpers/outbound";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

let t: TestDatabase;
let up: FixtureUpstream;
let gw: Awaited<ReturnType<typeof startGateway>>;
let g: GovTenant;
let acme: string;
let acmeIdp: string;
let admin: Caller;
let viewer: Caller;
let apiKey: Caller;
let gwAdmin: Caller;
const savedProxies = process.env.WARDEN_TRUSTED_PROXIES;

const INSIDE = "203.0.113.7";
const OUTSIDE = "198.51.100.9";
const INSIDE_V6 = "2001:db8::42";

/** The credential's headers as the console's server sees them from a browser at `ip`. */
function from(ip: string, who: Caller, extra: Record<string, string> = {}): Record<string, string> {
  const h = stampPeer(
    new Headers({
      ...who.credentials,
      origin: "http://127.0.0.1",
      host: "127.0.0.1",
      "sec-fetch-site": "same-origin",
      ...extra,
    }),
    ip,
  );
  return Object.fromEntries(h.entries());
}
const put = (ip: string, who: Caller, body: unknown) =>
  call(putRules, "PUT", "/v1/network-rules", { headers: from(ip, who), body });
const me = (ip: string, who: Caller) => call(meRoute, "GET", "/v1/auth/me", { headers: from(ip, who) });
const gateway = (ip: string, secret: string) =>
  post(`${gw.url}/v1/chat/completions`, chat(), { "x-bf-vk": secret, "x-forwarded-for": ip });
/** Past the other processes' cache interval (this process drops its own entry at once). */
const applied = () => new Promise((r) => setTimeout(r, 10));

async function signIn(ip: string, email: string): Promise<unknown> {
  const config = await buildAuthConfig(stampPeer(new Headers({ "x-request-id": "req_network" }), ip));
  const profile = {
    sub: localSubject("acme", email),
    email,
    email_verified: true,
    name: email,
    roles: ["admin"],
    amr: ["pwd", "otp"],
    tenant: "acme",
  } as Profile;
  const account = { provider: acmeIdp, type: "oidc", providerAccountId: profile.sub! } as Account;
  return config.callbacks!.signIn!({ user: {} as User, account, profile });
}

beforeAll(async () => {
  process.env.WARDEN_TRUSTED_PROXIES = "127.0.0.1";
  t = await createTestDatabase({ seeded: true });
  setDbForTests(t.db);
  pointProcessDbAt(t.db);
  acme = await tenantIdBySlug(t.db, "acme");
  const idp = await withTenant(acme, (tx) => tx.identityProvider.findFirstOrThrow(), { db: t.db });
  acmeIdp = idp.id;
  allowOutbound(idp.issuer!);
  up = await startUpstream({ promptTokens: 5, completionTokens: 7 });
  g = await createGovTenant(t.db, "netcorp", up.url);
  gw = await startGateway({ db: t.db });
  admin = await signedIn(t.db, "acme", "alice.chen@acme.test");
  viewer = await signedIn(t.db, "acme", "carol.johnson@acme.test");
  apiKey = await withApiKey(t.db, "acme", "alice.chen@acme.test", { role: "admin" });
  // netcorp's one person becomes its admin, to set its rules with a real key.
  await withTenant(g.tenantId, (tx) => tx.user.update({ where: { id: g.userId }, data: { role: "admin" } }), {
    db: t.db,
  });
  gwAdmin = await withApiKey(t.db, "netcorp", "dev@netcorp.test", { role: "admin" });
}, 120_000);

afterAll(async () => {
  await settled();
  await gw?.close();
  await up?.close();
  await t?.drop();
  if (savedProxies === undefined) delete process.env.WARDEN_TRUSTED_PROXIES;
  else process.env.WARDEN_TRUSTED_PROXIES = savedProxies;
});

describe(`network rules on ${TEST_DB_KIND}`, () => {
  it("starts empty: every address passes; only admins read or change the rules", async () => {
    const got = await call(getRules, "GET", "/v1/network-rules", { headers: from(OUTSIDE, admin) });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ console: [], api: [], virtual_keys: [] });
    expect((await me(OUTSIDE, admin)).status).toBe(200);
    expect((await me(OUTSIDE, apiKey)).status).toBe(200);
    expect((await call(getRules, "GET", "/v1/network-rules", { headers: from(INSIDE, viewer) })).status).toBe(403);
    expect((await put(INSIDE, viewer, { console: [], api: [], virtual_keys: [] })).status).toBe(403);
  });

  it("refuses an entry that is not an address or CIDR with a 400 naming it", async () => {
    for (const bad of [
      "10.0.0.0/33",
      "300.1.1.1",
      "2001:db8::/129",
      "example.com",
      "10.0.0.0/8/1",
      "10.0.0.0/08",
      "",
    ]) {
      const r = await put(INSIDE, admin, { console: [], api: [bad], virtual_keys: [] });
      expect(r.status, bad).toBe(400);
      expect(r.body.error.type).toBe("invalid_request");
      expect(r.body.error.issues[0].path).toBe("api.0");
    }
    expect((await put(INSIDE, admin, { console: [], api: [], virtual_keys: [], extra: 1 })).status).toBe(400);
    expect((await put(INSIDE, admin, { console: "10.0.0.0/8", api: [], virtual_keys: [] })).status).toBe(400);
    const after = await call(getRules, "GET", "/v1/network-rules", { headers: from(INSIDE, admin) });
    expect(after.body).toMatchObject({ console: [], api: [], virtual_keys: [] });
  });

  it("the lockout guard: a console list without the admin's own address is refused unless confirmed", async () => {
    const refused = await put(INSIDE, admin, { console: ["192.0.2.0/24"], api: [], virtual_keys: [] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(INSIDE);
    expect((await call(getRules, "GET", "/v1/network-rules", { headers: from(INSIDE, admin) })).body.console).toEqual(
      [],
    );
    // Confirmed: saved, and the admin's own next request from that address is refused.
    const confirmed = await put(INSIDE, admin, {
      console: ["192.0.2.0/24"],
      api: [],
      virtual_keys: [],
      confirm_lockout: true,
    });
    expect(confirmed.status).toBe(200);
    expect((await me(INSIDE, admin)).status).toBe(403);
    // An API key (the api list is empty) undoes it.
    expect((await put(OUTSIDE, apiKey, { console: [], api: [], virtual_keys: [] })).status).toBe(200);
    expect((await me(INSIDE, admin)).status).toBe(200);
  });

  it("console list: a session from outside is refused with 403 ip_not_allowed (audited), inside passes, IPv6 too", async () => {
    const saved = await put(INSIDE, admin, {
      console: ["203.0.113.0/24", " 2001:DB8::/32 "],
      api: [],
      virtual_keys: [],
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ console: ["203.0.113.0/24", "2001:db8::/32"], api: [], virtual_keys: [] });
    await applied();
    expect((await me(INSIDE, admin)).status).toBe(200);
    expect((await me(INSIDE_V6, admin)).status).toBe(200);
    // The IPv4-mapped IPv6 form of an inside address is that address.
    expect((await me(`::ffff:${INSIDE}`, admin)).status).toBe(200);
    const out = await me(OUTSIDE, admin);
    expect(out.status).toBe(403);
    expect(out.body.error).toMatchObject({ type: "ip_not_allowed", request_id: expect.any(String) });
    expect(out.body.error.message).toContain(OUTSIDE);
    // No address established at all (a request without the server's stamp): refused, fail closed.
    expect((await call(meRoute, "GET", "/v1/auth/me", { headers: admin.credentials })).status).toBe(403);
    // The API key is another kind: its list is empty, so it passes from anywhere.
    expect((await me(OUTSIDE, apiKey)).status).toBe(200);
    const refusal = await withTenant(
      acme,
      (tx) =>
        tx.auditEntry.findFirstOrThrow({
          where: { action: "network.ip_refused", actorRef: admin.userId },
          orderBy: { seq: "desc" },
        }),
      { db: t.db },
    );
    expect(refusal).toMatchObject({
      outcome: "denied",
      authMethod: "session",
      category: "access",
      details: { list: "console" },
    });
  });

  it("console list: sign-in from outside is refused before any session starts; inside signs in", async () => {
    const sessions = () => withTenant(acme, (tx) => tx.consoleSession.count(), { db: t.db });
    const before = await sessions();
    expect(await signIn(OUTSIDE, "alice.chen@acme.test")).toBe("/signin?error=ip_not_allowed");
    expect(await sessions()).toBe(before);
    const denied = await withTenant(
      acme,
      (tx) => tx.auditEntry.findFirstOrThrow({ where: { action: "auth.login_failed" }, orderBy: { seq: "desc" } }),
      { db: t.db },
    );
    expect(denied.details).toMatchObject({ reason: "ip_not_allowed", list: "console" });
    expect(await signIn(INSIDE, "alice.chen@acme.test")).toBe(true);
  });

  it("api list: an API key from outside is refused, inside passes; the console list does not apply to it", async () => {
    expect((await put(INSIDE, admin, { console: [], api: ["203.0.113.0/24"], virtual_keys: [] })).status).toBe(200);
    expect((await me(INSIDE, apiKey)).status).toBe(200);
    const out = await me(OUTSIDE, apiKey);
    expect(out.status).toBe(403);
    expect(out.body.error.type).toBe("ip_not_allowed");
    expect((await me(OUTSIDE, admin)).status).toBe(200);
    // The lockout guard follows the caller's own credential: this key may not exclude itself.
    expect((await put(INSIDE, apiKey, { console: [], api: ["192.0.2.0/24"], virtual_keys: [] })).status).toBe(409);
    expect((await put(INSIDE, admin, { console: [], api: [], virtual_keys: [] })).status).toBe(200);
    expect((await me(OUTSIDE, apiKey)).status).toBe(200);
  });

  it("virtual-key list: the gateway refuses a virtual key from outside (X-Forwarded-For from a trusted proxy), inside passes", async () => {
    const vk = await mintKey(t.db, g);
    expect((await gateway(OUTSIDE, vk.secret)).status).toBe(200);
    const set = await call(putRules, "PUT", "/v1/network-rules", {
      headers: from(OUTSIDE, gwAdmin),
      body: { console: [], api: [], virtual_keys: ["203.0.113.0/24", "2001:db8::/32"] },
    });
    expect(set.status).toBe(200);
    // The gateway is this process here; another process would follow within the TTL.
    expect(NETWORK_RULES_TTL_MS).toBeLessThanOrEqual(2_000);
    const out = await gateway(OUTSIDE, vk.secret);
    expect(out.status).toBe(403);
    expect(out.json().error?.type).toBe("ip_not_allowed");
    expect((await gateway(INSIDE, vk.secret)).status).toBe(200);
    expect((await gateway(INSIDE_V6, vk.secret)).status).toBe(200);
    // A forged hop left of the client does not help: the right-most untrusted hop is the client.
    expect((await gateway(`${INSIDE}, ${OUTSIDE}`, vk.secret)).status).toBe(403);
    // Acme's rules are Acme's: its empty virtual-key list is untouched by netcorp's.
    expect(
      (await call(getRules, "GET", "/v1/network-rules", { headers: from(INSIDE, admin) })).body.virtual_keys,
    ).toEqual([]);
    expect(
      (
        await call(putRules, "PUT", "/v1/network-rules", {
          headers: from(OUTSIDE, gwAdmin),
          body: { console: [], api: [], virtual_keys: [] },
        })
      ).status,
    ).toBe(200);
    expect((await gateway(OUTSIDE, vk.secret)).status).toBe(200);
  });

  it("every change is audited with before and after", async () => {
    const entries = await withTenant(
      acme,
      (tx) => tx.auditEntry.findMany({ where: { action: "tenant.network_rules.update" }, orderBy: { seq: "asc" } }),
      { db: t.db },
    );
    expect(entries.length).toBe(5);
    expect(entries[0]).toMatchObject({
      outcome: "success",
      category: "security",
      actorRef: admin.userId,
      authMethod: "session",
    });
    expect(entries[0].details).toEqual({
      before: { console: [], api: [], virtual_keys: [] },
      after: { console: ["192.0.2.0/24"], api: [], virtual_keys: [] },
      confirm_lockout: true,
    });
    expect(entries[2].details).toMatchObject({
      before: { console: [] },
      after: { console: ["203.0.113.0/24", "2001:db8::/32"] },
    });
    // Refused changes (400, 409) wrote nothing.
    expect(entries.every((e) => e.outcome === "success")).toBe(true);
  });
});
