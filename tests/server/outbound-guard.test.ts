// The one outbound guard (lib/net/outbound.ts, ADR 0015) on every connection Warden opens, called
// as a tenant admin does (a real signed session cookie) and as a gateway client does (a real
// virtual key). Without the opt-in, internal targets are refused at save with 400 naming the
// field and at connect time when DNS changes, before any socket is opened; the local listeners
// count connections so "refused" cannot be a mere failure. With the opt-in (WARDEN_OUTBOUND_ALLOW
// naming one host:port) the same local targets are reached through the address the guard checked:
// the names used here (*.test) do not resolve on this machine, so a connection that succeeds can
// only have used the guard's answer (pinning), for the gateway, for SMTP and for Auth.js's own
// fetches to the IdP. DNS answers for those names come from a stub of dns.promises.lookup.
import dns from "node:dns";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as authGET, POST as authPOST } from "@/app/api/auth/[...nextauth]/route";
import { PUT as channelsPUT } from "@/app/v1/monitoring/channels/route";
import { POST as idpTestPOST } from "@/app/v1/identity/providers/[id]/test/route";
import { POST as idpPOST } from "@/app/v1/identity/providers/route";
import { PATCH as providerPATCH } from "@/app/v1/providers/[id]/route";
import { POST as providerPOST } from "@/app/v1/providers/route";
import { issueSessionCookie } from "@/lib/auth/sso/session-cookie";
import { TEST_SESSION_ORIGIN } from "../helpers/callers";
import { sealSecret } from "@/lib/crypto/secret-box";
import { deliverDue, type AlertPayload } from "@/lib/notifications/outbox";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { upstreamHandler, type FixtureUpstream } from "../fixtures/upstream";
import { call } from "../helpers/call-route";
import { mintKey, openGatewayHarness, post, type GatewayHarness, type GovTenant } from "../helpers/gateway-setup";
import { TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

const ALLOW = "WARDEN_OUTBOUND_ALLOW";
let h: GatewayHarness | undefined;
let t: TestDatabase;
let g: GovTenant;
let gatewayUrl: string;
let adminCookie: Record<string, string>;

/** A local listener that counts TCP connections and answers like an OpenAI-compatible upstream. */
interface Listener {
  port: number;
  connections: number;
  requests: FixtureUpstream["requests"];
  close(): Promise<void>;
}
async function listen(handler?: http.RequestListener): Promise<Listener> {
  const requests: FixtureUpstream["requests"] = [];
  const chat = upstreamHandler({}, requests);
  // connection: close, so every gateway call opens a new connection (and passes the guard again).
  const server = http.createServer(handler ?? ((req, res) => (res.setHeader("connection", "close"), chat(req, res))));
  const l: Listener = {
    port: 0,
    connections: 0,
    requests,
    close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
  server.on("connection", () => l.connections++);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  l.port = (server.address() as AddressInfo).port;
  return l;
}
const listeners: Listener[] = [];

// DNS answers for the test's own names; everything else goes to the real resolver.
const answers = new Map<string, string>();
const realLookup = dns.promises.lookup.bind(dns.promises);
vi.spyOn(dns.promises, "lookup").mockImplementation(((host: string, opts: object) =>
  answers.has(host)
    ? Promise.resolve([{ address: answers.get(host)!, family: 4 }])
    : realLookup(host, opts as dns.LookupAllOptions)) as typeof dns.promises.lookup);

beforeAll(async () => {
  h = await openGatewayHarness("outbound", {});
  ({ t, g, url: gatewayUrl } = h);
  const admin = await withTenant(
    g.tenantId,
    (tx) =>
      tx.user.create({ data: { tenantId: g.tenantId, email: "admin@outbound.test", name: "Admin", role: "admin" } }),
    { db: t.db },
  );
  const c = await issueSessionCookie(admin.id, g.tenantId, true, TEST_SESSION_ORIGIN, { db: t.db });
  adminCookie = { cookie: `${c.name}=${c.value}`, origin: "http://127.0.0.1", "sec-fetch-site": "same-origin" };
}, 120_000);

afterEach(() => {
  vi.unstubAllEnvs();
  answers.clear();
});

afterAll(async () => {
  for (const l of listeners) await l.close();
  await h?.close();
});

/** The opt-in as this file starts it (the harness's fixture upstream), plus `extra`. */
const optIn = (...extra: string[]) => vi.stubEnv(ALLOW, [process.env[ALLOW] ?? "", ...extra].filter(Boolean).join(","));
const noOptIn = () => vi.stubEnv(ALLOW, "");

describe(`provider base URLs (${TEST_DB_KIND})`, () => {
  it("refuses internal, credentialed, fragment and query base URLs at save with 400 naming base_url; nothing is stored", async () => {
    noOptIn();
    answers.set("metadata.provider.test", "169.254.169.254");
    const cases: [string, RegExp][] = [
      [
        "http://127.0.0.1:5432/v1",
        /^base_url must use https \(plain http only for hosts listed in WARDEN_OUTBOUND_ALLOW\)$/,
      ],
      [
        "https://127.0.0.1/v1",
        /^base_url points at a private, loopback, link-local or reserved address \(127\.0\.0\.1\)/,
      ],
      ["https://169.254.169.254/latest/meta-data", /^base_url points at a private.* \(169\.254\.169\.254\)/],
      ["https://10.1.2.3/v1", /^base_url points at a private.* \(10\.1\.2\.3\)/],
      [
        "https://localhost:8443/v1",
        /^base_url resolves to a private, loopback, link-local or reserved address; list the host in WARDEN_OUTBOUND_ALLOW/,
      ],
      ["https://metadata.provider.test/v1", /^base_url resolves to a private/],
      ["https://api.example.com/v1#", /^base_url must not carry a fragment/],
      ["https://api.example.com/v1?api-version=1", /^base_url must not carry a query string/],
      ["https://user:pass@api.example.com/v1", /^base_url must not carry credentials/],
    ];
    for (const [base_url, message] of cases) {
      const r = await call(providerPOST, "POST", "/v1/providers", {
        headers: adminCookie,
        body: { name: "evil", base_url },
      });
      expect([base_url, r.status, r.body.error?.type, r.body.error?.issues?.[0]?.path]).toEqual([
        base_url,
        400,
        "invalid_request",
        "base_url",
      ]);
      expect(r.body.error.message).toMatch(message);
      expect(r.body.error.message).not.toMatch(/169\.254\.169\.254\)?$|ECONN/); // a resolved address is never told
    }
    const patched = await call(providerPATCH, "PATCH", `/v1/providers/${g.providerId}`, {
      headers: adminCookie,
      body: { base_url: "https://10.0.0.7/v1" },
      params: { id: g.providerId },
    });
    expect([patched.status, patched.body.error.issues[0].path]).toEqual([400, "base_url"]);
    const rows = await withTenant(g.tenantId, (tx) => tx.provider.findMany({ select: { name: true, baseUrl: true } }), {
      db: t.db,
    });
    expect(rows.map((p) => p.name)).toEqual(["fixture"]);
    expect(rows[0].baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it("connects to the checked address, and refuses at connect time when DNS changes: no socket is opened, no internal detail told", async () => {
    const l = await listen();
    listeners.push(l);
    optIn(`127.0.0.1:${l.port}`); // this address and port only
    answers.set("api.provider.test", "127.0.0.1");
    const created = await call(providerPOST, "POST", "/v1/providers", {
      headers: adminCookie,
      body: {
        name: "edge",
        base_url: `http://api.provider.test:${l.port}/v1`,
        prices: [{ model: "gpt-test", input_per_1m_usd: 1, output_per_1m_usd: 2 }],
      },
    });
    expect(created.status).toBe(201);
    const k = await mintKey(t.db, g);
    const ask = () =>
      post(
        gatewayUrl,
        { model: "edge/gpt-test", messages: [{ role: "user", content: "hi" }], max_tokens: 5 },
        { "x-bf-vk": k.secret },
      );
    // api.provider.test does not resolve on this machine: only the guard's pinned answer reaches the listener.
    const ok = await ask();
    expect([ok.status, l.connections, l.requests.length]).toEqual([200, 1, 1]);
    // DNS now answers an internal address that is not listed: refused before connecting.
    answers.set("api.provider.test", "10.0.0.5");
    const refused = await ask();
    expect(refused.status).toBe(502);
    expect(refused.json().error).toMatchObject({
      type: "upstream_error",
      message:
        "The provider's base URL was refused by the outbound guard: it resolves to a private, loopback, link-local or reserved address",
    });
    expect(refused.text).not.toMatch(/10\.0\.0\.5|api\.provider\.test|ECONN/);
    // ... and back to the listed address: reached again (so the refusal above was the guard's).
    answers.set("api.provider.test", "127.0.0.1");
    expect((await ask()).status).toBe(200);
    expect([l.connections, l.requests.length]).toEqual([2, 2]);
  });

  it("a stored base URL at an internal service (saved before the rule) is refused at connect: its answer never reaches the caller", async () => {
    const internal = await listen((_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end('{"internal":"secret-config"}'),
    );
    listeners.push(internal);
    noOptIn();
    const p = await withTenant(
      g.tenantId,
      async (tx) => {
        const row = await tx.provider.create({
          data: { tenantId: g.tenantId, name: "legacy", baseUrl: `http://127.0.0.1:${internal.port}/v1#` },
        });
        await tx.modelPrice.create({
          data: { tenantId: g.tenantId, providerId: row.id, model: "gpt-test", inputPer1mUsd: 1, outputPer1mUsd: 2 },
        });
        return row;
      },
      { db: t.db },
    );
    expect(p.name).toBe("legacy");
    const k = await mintKey(t.db, g);
    const r = await post(
      gatewayUrl,
      { model: "legacy/gpt-test", messages: [{ role: "user", content: "hi" }], max_tokens: 5 },
      { "x-bf-vk": k.secret },
    );
    const e = r.json().error as { type: string; message: string };
    expect([r.status, e.type]).toEqual([502, "upstream_error"]);
    expect(e.message).toMatch(/^The provider's base URL was refused by the outbound guard: /);
    expect(r.text).not.toContain("secret-config");
    expect(internal.connections).toBe(0);
  });
});

describe(`SMTP (${TEST_DB_KIND})`, () => {
  const put = (body: unknown) => call(channelsPUT, "PUT", "/v1/monitoring/channels", { headers: adminCookie, body });

  it("refuses an SMTP URL without TLS guarantees or at an internal address at save, naming smtp_url", async () => {
    noOptIn();
    answers.set("mail.provider.test", "10.0.0.9");
    for (const [smtp_url, message] of [
      ["smtp://mail.example.com:25?ignoreTLS=true", /^smtp_url must not carry options/],
      ["smtp://mail.example.com:587/?secure=false", /^smtp_url must not carry options/],
      [
        "smtp://127.0.0.1:2525",
        /^smtp_url points at a private, loopback, link-local or reserved address \(127\.0\.0\.1\)/,
      ],
      ["smtps://localhost:465", /^smtp_url resolves to a private/],
      ["smtp://u:p@mail.provider.test:587", /^smtp_url resolves to a private/],
    ] as const) {
      const r = await put({ smtp_url });
      expect([smtp_url, r.status, r.body.error?.issues?.[0]?.path]).toEqual([smtp_url, 400, "smtp_url"]);
      expect(r.body.error.message).toMatch(message);
      expect(r.body.error.message).not.toMatch(/u:p|10\.0\.0\.9/);
    }
    expect((await put({ smtp_url: "smtps://alerts:secret@mail.example.com:465" })).status).toBe(200);
  });

  it("SMTP_URL at an internal host is refused at delivery; the server never sees a connection", async () => {
    const smtp = net.createServer((s) => s.end("220 internal ESMTP\r\n"));
    let connections = 0;
    smtp.on("connection", () => connections++);
    await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", r));
    const port = (smtp.address() as AddressInfo).port;
    try {
      noOptIn();
      await put({ smtp_url: null, email: "sec@outbound.test" });
      vi.stubEnv("SMTP_URL", `smtp://localhost:${port}`);
      const payload: AlertPayload = {
        event: "alert.fired",
        alert: {
          id: "alr_smtp",
          rule_id: "rul_smtp",
          rule: "Test",
          action: "alert_security_team",
          severity: "high",
          title: "t",
          summary: "s",
          fired_at: new Date().toISOString(),
          details: {},
          url: "https://warden.test/monitoring",
        },
        tenant: "outbound",
      };
      const id = await withTenant(
        g.tenantId,
        async (tx) => {
          await tx.notificationOutbox.deleteMany();
          return (
            await tx.notificationOutbox.create({
              data: {
                tenantId: g.tenantId,
                channel: "email",
                target: "sec@outbound.test",
                payload: payload as never,
                nextAttemptAt: new Date(Date.now() - 1000),
              },
            })
          ).id;
        },
        { db: t.db },
      );
      const run = await deliverDue({
        db: t.db,
        tenantIds: [g.tenantId],
        backoff: { baseMs: 1000, maxMs: 60_000, maxAttempts: 10, leaseMs: 60_000 },
      });
      expect(run).toMatchObject({ attempted: 1, delivered: 0, failed: 1 });
      const row = await withTenant(g.tenantId, (tx) => tx.notificationOutbox.findUniqueOrThrow({ where: { id } }), {
        db: t.db,
      });
      expect(row.lastError).toMatch(
        /^Refused: localhost resolves to a private, loopback, link-local or reserved address; /,
      );
      expect(connections).toBe(0);
    } finally {
      await new Promise<void>((r) => smtp.close(() => r()));
    }
  });
});

describe(`identity providers (${TEST_DB_KIND})`, () => {
  it("refuses internal issuers and SAML URLs at save with 400 naming the field", async () => {
    noOptIn();
    for (const [body, field] of [
      [{ type: "oidc", name: "local", issuer: "http://127.0.0.1:3900", client_id: "c", client_secret: "s" }, "issuer"],
      [{ type: "oidc", name: "named", issuer: "https://localhost:8443", client_id: "c", client_secret: "s" }, "issuer"],
      [{ type: "okta", name: "internal", issuer: "https://10.0.0.5", client_id: "c", client_secret: "s" }, "issuer"],
      [
        {
          type: "saml",
          name: "saml",
          saml_entity_id: "urn:idp",
          saml_sso_url: "https://169.254.169.254/sso",
          saml_certificate: "MIIB",
        },
        "saml_sso_url",
      ],
    ] as const) {
      const r = await call(idpPOST, "POST", "/v1/identity/providers", { headers: adminCookie, body });
      expect([body.name, r.status, r.body.error?.type, r.body.error?.issues?.[0]?.path]).toEqual([
        body.name,
        400,
        "invalid_request",
        field,
      ]);
    }
    expect(await withTenant(g.tenantId, (tx) => tx.identityProvider.count(), { db: t.db })).toBe(0);
  });

  it("test connection to an internal host is refused by rule before connecting, without echoing connection errors", async () => {
    const internal = await listen((_req, res) => res.writeHead(404).end("internal"));
    listeners.push(internal);
    noOptIn();
    answers.set("idp.corp.test", "127.0.0.1");
    const rows = await withTenant(
      g.tenantId,
      async (tx) => ({
        // Saved before the rule, or while an opt-in listed them.
        plain: await tx.identityProvider.create({
          data: {
            tenantId: g.tenantId,
            type: "oidc",
            name: "legacy-plain",
            issuer: `http://127.0.0.1:${internal.port}`,
          },
        }),
        named: await tx.identityProvider.create({
          data: {
            tenantId: g.tenantId,
            type: "oidc",
            name: "legacy-named",
            issuer: `https://idp.corp.test:${internal.port}`,
          },
        }),
      }),
      { db: t.db },
    );
    const test = async (id: string) =>
      (await call(idpTestPOST, "POST", `/v1/identity/providers/${id}/test`, { headers: adminCookie, params: { id } }))
        .body;
    const plain = await test(rows.plain.id);
    expect(plain).toMatchObject({
      ok: false,
      message:
        "Refused by the outbound guard: the issuer must use https (plain http only for hosts listed in WARDEN_OUTBOUND_ALLOW)",
    });
    const named = await test(rows.named.id);
    expect(named).toMatchObject({
      ok: false,
      message:
        "Refused by the outbound guard: idp.corp.test resolves to a private, loopback, link-local or reserved address; list the host in WARDEN_OUTBOUND_ALLOW for on-prem targets",
    });
    for (const r of [plain, named]) expect(JSON.stringify(r)).not.toMatch(/ECONN|connect |127\.0\.0\.1|internal"/);
    expect(internal.connections).toBe(0);
  });

  it("Auth.js's own IdP fetches go through the guard, pinned: sign-in starts only for an issuer the guard lets through", async () => {
    const docs = await listen((req, res) => {
      const iss = `http://idp.sso.test:${docs.port}`;
      if (req.url !== "/.well-known/openid-configuration") return res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          issuer: iss,
          authorization_endpoint: `${iss}/auth`,
          token_endpoint: `${iss}/token`,
          jwks_uri: `${iss}/jwks`,
          response_types_supported: ["code"],
          subject_types_supported: ["public"],
          id_token_signing_alg_values_supported: ["RS256"],
        }),
      );
    });
    listeners.push(docs);
    const idp = await withTenant(
      g.tenantId,
      (tx) =>
        tx.identityProvider.create({
          data: {
            tenantId: g.tenantId,
            type: "oidc",
            name: "SSO test",
            enabled: true,
            issuer: `http://idp.sso.test:${docs.port}`,
            clientId: "warden-test",
            clientSecretSealed: sealSecret("client-secret"),
          },
        }),
      { db: t.db },
    );
    vi.stubEnv("AUTH_URL", "http://127.0.0.1:3000");
    vi.stubEnv("AUTH_TRUST_HOST", "true");
    answers.set("idp.sso.test", "127.0.0.1");
    const startSignIn = async () => {
      const csrf = await authGET(new Request("http://127.0.0.1:3000/api/auth/csrf"), { params: Promise.resolve({}) });
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const cookie = csrf.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      const res = await authPOST(
        new Request(`http://127.0.0.1:3000/api/auth/signin/${idp.id}`, {
          method: "POST",
          headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ csrfToken, callbackUrl: "http://127.0.0.1:3000/" }),
        }),
        { params: Promise.resolve({}) },
      );
      return res.headers.get("location") ?? "";
    };
    // Listed by name and port: discovery reaches the IdP through the guard's answer (the name does
    // not resolve here), and the browser is sent to its authorization endpoint.
    optIn(`idp.sso.test:${docs.port}`);
    expect(await startSignIn()).toMatch(new RegExp(`^http://idp\\.sso\\.test:${docs.port}/auth\\?`));
    expect(docs.connections).toBe(1);
    // Not listed: the issuer is refused before sign-in (Auth.js is not even offered the provider),
    // and the IdP sees nothing more.
    const offered = async () =>
      Object.keys(
        await (
          await authGET(new Request("http://127.0.0.1:3000/api/auth/providers"), { params: Promise.resolve({}) })
        ).json(),
      );
    expect(await offered()).toEqual([idp.id]);
    noOptIn();
    expect(await offered()).toEqual([]);
    expect(docs.connections).toBe(1);
  });
});
