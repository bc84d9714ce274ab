// Log hygiene: real requests run while every line Warden's logger writes (and anything written
// through console.*) is captured; then the capture is searched for the secrets and e-mail
// addresses those requests used. Sign-in goes through the REAL local IdP and Auth.js; an API key
// and a SCIM token are created through /v1; a SCIM user with e-mail addresses and names is
// provisioned; a virtual key calls the lean gateway (and a wrong key and a wrong password are tried).
// The request lines themselves must carry request id, trace id, tenant slug, actor ref, route
// template, status and duration.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as createKeyRoute } from "@/app/v1/auth/keys/route";
import { GET as meRoute } from "@/app/v1/auth/me/route";
import { POST as createScimTokenRoute } from "@/app/v1/scim/tokens/route";
import { GET as scimUserRoute } from "@/app/scim/v2/Users/[id]/route";
import { POST as scimUsersRoute } from "@/app/scim/v2/Users/route";
import { settled } from "@/lib/gateway/core";
import { setDbForTests } from "@/lib/db";
import { demoPassword } from "@/lib/idp-local/accounts";
import { startLocalIdp, type LocalIdp } from "@/lib/idp-local/server";
import { captureLogs, scrub } from "@/lib/observability/log";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { startUpstream, type FixtureUpstream } from "../fixtures/upstream";
import { call } from "../helpers/call-route";
import { chat, createGovTenant, mintKey, post, startGateway } from "../helpers/gateway-setup";
import { allowOutbound } from "../helpers/outbound";
import { freePort, idpBrowser } from "../helpers/idp-browser";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

const WARDEN = "http://127.0.0.1:3391";
const { browserSignIn } = idpBrowser(WARDEN);
/** The browser flow: Warden -> the IdP's login form -> Warden's callback; the session cookie or null. */
const signIn = async (idpId: string, email: string, password: string) =>
  (await browserSignIn(idpId, email, password)).cookie;

let t: TestDatabase;
let localIdp: LocalIdp;
let up: FixtureUpstream;
let gw: Awaited<ReturnType<typeof startGateway>>;
const saved = { AUTH_URL: process.env.AUTH_URL, WARDEN_LOCAL_IDP_PORT: process.env.WARDEN_LOCAL_IDP_PORT };
const captured = { text: "", console: [] as string[] };
/** Every secret and personal datum the requests below used. */
const used: { what: string; value: string }[] = [];
const EMAIL = "alice.chen@acme.test";
const SCIM_EMAIL = "Quinn.Lovelace@acme.test";
const SCIM_WORK_EMAIL = "q.lovelace.work@acme.test";

beforeAll(async () => {
  process.env.WARDEN_LOCAL_IDP_PORT = String(await freePort());
  process.env.AUTH_URL = WARDEN;
  t = await createTestDatabase({ seeded: true });
  setDbForTests(t.db);
  localIdp = await startLocalIdp({ wardenOrigins: [WARDEN] });
  allowOutbound(localIdp.issuer);
  up = await startUpstream({ promptTokens: 5, completionTokens: 7 });
  const g = await createGovTenant(t.db, "hygiene", up.url);
  gw = await startGateway({ db: t.db });
  const acme = await tenantIdBySlug(t.db, "acme");
  const provider = await withTenant(
    acme,
    (tx) => tx.identityProvider.findFirstOrThrow({ where: { tenantId: acme, issuer: localIdp.issuer } }),
    { db: t.db },
  );

  // Everything from here on is captured: pino's lines and any console.* output.
  const cap = captureLogs("trace");
  const spies = (["log", "info", "warn", "error", "debug"] as const).map((m) =>
    vi
      .spyOn(console, m)
      .mockImplementation(
        (...args: unknown[]) =>
          void captured.console.push(
            args
              .map((a) =>
                a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === "string" ? a : JSON.stringify(a),
              )
              .join(" "),
          ),
      ),
  );
  try {
    // 1. Sign-in through the local IdP (and a failed one with a wrong password).
    const cookie = await signIn(provider.id, EMAIL, demoPassword());
    expect(cookie).toBeTruthy();
    used.push({ what: "session cookie", value: cookie!.split("=")[1] }, { what: "demo user's e-mail", value: EMAIL });
    const wrong = "Wr0ng-Passw0rd-for-the-log-test";
    expect(await signIn(provider.id, "bob.martinez@acme.test", wrong)).toBeNull();
    used.push(
      { what: "a wrong password", value: wrong },
      { what: "demo user's e-mail", value: "bob.martinez@acme.test" },
    );
    const browser = { cookie: cookie!, origin: WARDEN, host: new URL(WARDEN).host, "sec-fetch-site": "same-origin" };
    expect((await call(meRoute, "GET", "/v1/auth/me", { headers: browser })).status).toBe(200);

    // 2. An API key, created through /v1, then used.
    const key = await call(createKeyRoute, "POST", "/v1/auth/keys", {
      headers: browser,
      body: { name: "log test", role: "viewer" },
    });
    expect(key.status).toBe(201);
    used.push({ what: "API key", value: key.body.secret });
    expect(
      (await call(meRoute, "GET", "/v1/auth/me", { headers: { authorization: `Bearer ${key.body.secret}` } })).status,
    ).toBe(200);
    expect(
      (await call(meRoute, "GET", "/v1/auth/me", { headers: { authorization: `Bearer ${key.body.secret}x` } })).status,
    ).toBe(401);

    // 3. A SCIM token through /v1, and a SCIM user with e-mail addresses and names.
    const tok = await call(createScimTokenRoute, "POST", "/v1/scim/tokens", {
      headers: browser,
      body: { name: "log test" },
    });
    expect(tok.status).toBe(201);
    used.push({ what: "SCIM token", value: tok.body.token });
    const scimHeaders = { authorization: `Bearer ${tok.body.token}`, "content-type": "application/scim+json" };
    const userBody = {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: SCIM_EMAIL,
      name: { givenName: "Quinn", familyName: "Lovelace" },
      displayName: "Quinn Lovelace",
      emails: [
        { value: SCIM_EMAIL, primary: true },
        { value: SCIM_WORK_EMAIL, type: "work" },
      ],
      active: true,
    };
    const created = await scimUsersRoute(
      new Request("http://warden.test/scim/v2/Users", {
        method: "POST",
        headers: scimHeaders,
        body: JSON.stringify(userBody),
      }),
      { params: Promise.resolve({}) },
    );
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { id: string }).id;
    const again = await scimUsersRoute(
      new Request("http://warden.test/scim/v2/Users", {
        method: "POST",
        headers: scimHeaders,
        body: JSON.stringify(userBody),
      }),
      { params: Promise.resolve({}) },
    );
    expect(again.status).toBe(409); // a uniqueness failure quotes the userName in SCIM's answer, not in the log
    expect(
      (
        await scimUserRoute(new Request(`http://warden.test/scim/v2/Users/${id}`, { headers: scimHeaders }), {
          params: Promise.resolve({ id }),
        })
      ).status,
    ).toBe(200);
    used.push(
      { what: "SCIM user e-mail", value: SCIM_EMAIL },
      { what: "SCIM work e-mail", value: SCIM_WORK_EMAIL },
      { what: "SCIM family name", value: "Lovelace" },
    );

    // 4. The gateway: a virtual key that is admitted, and an unknown one.
    const vk = await mintKey(t.db, g);
    used.push({ what: "virtual key", value: vk.secret });
    const ok = await post(`${gw.url}/v1/chat/completions`, chat(), { "x-bf-vk": vk.secret });
    expect(ok.status).toBe(200);
    const bad = await post(`${gw.url}/v1/chat/completions`, chat(), { "x-bf-vk": `${vk.secret}zz` });
    expect(bad.status).toBe(401);
    used.push({ what: "gateway test user's e-mail", value: "dev@hygiene.test" });
    await settled();
  } finally {
    cap.stop();
    for (const s of spies) s.mockRestore();
    captured.text = cap.text();
  }
}, 300_000);

afterAll(async () => {
  setDbForTests(undefined);
  await gw?.close();
  await up?.close();
  await localIdp?.close();
  await t?.drop();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe(`log hygiene (${TEST_DB_KIND})`, () => {
  it("the requests were logged: one JSON line each with ids, tenant, actor ref, route template, status and duration", () => {
    const lines = captured.text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l.msg === "request");
    const me = requests.filter((l) => l.route === "/v1/auth/me" && l.status === 200);
    expect(me.length).toBe(2);
    for (const l of me) {
      expect(l).toMatchObject({ tenant: "acme", method: "GET" });
      expect(l.request_id).toMatch(/^req_[0-9a-f]{24}$/);
      expect(l.trace_id).toMatch(/^[0-9a-f]{32}$/);
      expect(l.actor_ref).toMatch(/^usr_/);
      expect(typeof l.duration_ms).toBe("number");
    }
    expect(requests.find((l) => l.route === "/scim/v2/Users/[id]" && l.status === 200)).toMatchObject({
      tenant: "acme",
      method: "GET",
    });
    expect(requests.find((l) => l.route === "/scim/v2/Users" && l.status === 409)).toMatchObject({ tenant: "acme" });
    expect(requests.find((l) => l.route === "/v1/chat/completions" && l.status === 200)).toMatchObject({
      tenant: "hygiene",
      method: "POST",
    });
    expect(requests.find((l) => l.route === "/v1/chat/completions" && l.status === 401)).toMatchObject({
      error_type: "virtual_key_not_found",
    });
    const authLines = requests.filter((l) => String(l.route).startsWith("/api/auth"));
    expect(authLines.length).toBeGreaterThanOrEqual(5); // csrf, sign-in and callback; csrf and sign-in of the refused one
    expect(new Set(authLines.map((l) => l.route))).toEqual(new Set(["/api/auth/[...nextauth]"]));
  });

  it("no secret and no e-mail address or name used by those requests appears in the captured output", () => {
    expect(used.length).toBeGreaterThanOrEqual(11);
    const all = `${captured.text}\n${captured.console.join("\n")}`;
    const found = used.filter(({ value }) => all.toLowerCase().includes(value.toLowerCase())).map((u) => u.what);
    expect(found).toEqual([]);
    // Nothing e-mail-shaped at all.
    expect(all.match(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g)).toBeNull();
  });

  it("the scrubber replaces e-mail- and key-shaped strings wherever they appear", () => {
    expect(scrub("user alice.chen@acme.test sent wdn_AbCdEf0123456789 and wvk_zzzzzzzzzz1 and wscim_QQQQQQQQ12")).toBe(
      "user [email] sent [key] and [key] and [key]",
    );
    expect(scrub("Authorization: Bearer abc.def-ghi")).toBe("Authorization: Bearer [redacted]");
    expect(scrub("postgresql://warden_runtime:s3cret@db:5432/warden")).toBe(
      "postgresql://[credentials]@db:5432/warden",
    );
  });
});
