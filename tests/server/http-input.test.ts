// Bad input at the edge, through the real handlers with real credentials (a signed session
// cookie, a real API key, a real SCIM token): every route that takes a body refuses NUL and lone
// surrogates with 400 (never 5xx); bodies are capped while they stream (413); unknown /v1 and
// /scim/v2 paths answer 404 in their error shapes; cookie-authenticated writes need our Origin.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as meGET } from "@/app/v1/auth/me/route";
import { POST as rotateKeyPOST } from "@/app/v1/auth/keys/[id]/rotate/route";
import { POST as verifyPOST } from "@/app/v1/audit/export/verify/route";
import { POST as completeErasurePOST } from "@/app/v1/privacy/requests/[id]/complete/route";
import { GET as apiCatchAll, POST as apiCatchAllPOST } from "@/app/v1/[...path]/route";
import { GET as scimCatchAll } from "@/app/scim/v2/[...path]/route";
import { POST as teamsPOST } from "@/app/v1/teams/route";
import { mintApiKey } from "@/lib/auth/api-keys/mint";
import { bearerClientThrottle, bearerSubjectThrottle } from "@/lib/auth/throttle";
import { issueOperatorSessionCookie, issueSessionCookie } from "@/lib/auth/sso/session-cookie";
import { HTTP_METHODS, routeFiles, routePath } from "@/lib/http/registry";
import type { DeclaredHandler } from "@/lib/http/route";
import { bootstrapOperators, listOperators } from "@/lib/platform/operators";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { mintToken, scim } from "../fixtures/scim/scim-client";
import { pointProcessDbAt, TEST_SESSION_ORIGIN } from "../helpers/callers";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

const APP = path.resolve("app");
const ORIGIN = "http://warden.test";
let t: TestDatabase;
let cookie: string;
let scimToken: string;
let apiKey: string;
let acmeId: string;
const scimIds: Record<string, string> = {};

type Init = { method: string; headers?: Record<string, string>; body?: BodyInit; params?: Record<string, string> };
async function send(handler: DeclaredHandler, urlPath: string, init: Init) {
  const req = new Request(`${ORIGIN}${urlPath}`, {
    method: init.method,
    headers: init.headers,
    body: init.body,
    ...(init.body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  const res = await handler(req, { params: Promise.resolve(init.params ?? {}) });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body: body as Record<string, Record<string, string>> };
}

let operatorCookie = "";
const asAdmin = (extra: Record<string, string> = {}) => ({ cookie, origin: ORIGIN, ...extra });

beforeAll(async () => {
  delete process.env.AUTH_URL;
  delete process.env.WARDEN_PUBLIC_URL;
  t = await createTestDatabase({ seeded: true });
  pointProcessDbAt(t.db);
  const alice = await withTenant(
    await tenantIdBySlug(t.db, "acme"),
    (tx) => tx.user.findFirstOrThrow({ where: { email: "alice.chen@acme.test" } }),
    { db: t.db },
  );
  acmeId = alice.tenantId;
  const c = await issueSessionCookie(alice.id, alice.tenantId, true, TEST_SESSION_ORIGIN, { db: t.db });
  cookie = `${c.name}=${c.value}`;
  scimToken = await mintToken(t.db, "acme");
  // /v1/platform takes only an operator's session (ADR 0032): one bootstrapped as the product does.
  await bootstrapOperators({ ...process.env, WARDEN_PLATFORM_OPERATORS: "walker@platform.test" }, t.db);
  const op = (await listOperators(t.db)).find((o) => o.email === "walker@platform.test")!;
  const oc = await issueOperatorSessionCookie(op.id, true);
  operatorCookie = `${oc.name}=${oc.value}`;
  // Real SCIM resources, so PUT/PATCH reach the body rather than a 404 for a made-up id.
  const user = await scim(scimToken, "POST", "/Users", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: "walk@acme.test",
  });
  const group = await scim(scimToken, "POST", "/Groups", { schemas: [], displayName: "Walkers" });
  scimIds.Users = user.body.id;
  scimIds.Groups = group.body.id;
  const key = await withTenant(
    acmeId,
    (tx) =>
      mintApiKey(tx, {
        tenantId: acmeId,
        role: "admin",
        ttlSeconds: 3600,
        name: "http-input",
        createdBy: { kind: "user", subject: alice.id },
        source: "api",
      }),
    { db: t.db },
  );
  apiKey = key.secret;
});

afterAll(async () => {
  await t?.drop();
});

// JSON texts as a client sends them: the escapes reach the server verbatim.
const NUL_BODY =
  '{"name":"team\\u0000x","description":"a\\u0000b","displayName":"n\\u0000","userName":"u\\u0000@acme.test"}';
const SURROGATE_BODY =
  '{"name":"team\\ud800x","description":"\\udc00","displayName":"\\ud83d","userName":"\\ud800@acme.test"}';

describe(`bodies with NUL or lone surrogates (${TEST_DB_KIND})`, () => {
  it("no route that takes a body answers 5xx, and every JSON-body route refuses them with 400 invalid_request", async () => {
    const failures: string[] = [];
    let strict = 0;
    for (const file of routeFiles(APP)) {
      const urlPattern = routePath(APP, file);
      if (urlPattern.includes("[...")) continue;
      const mod = (await import(file)) as Record<string, DeclaredHandler>;
      for (const method of HTTP_METHODS.filter((m) => ["POST", "PUT", "PATCH"].includes(m) && mod[m])) {
        const handler = mod[method];
        const params: Record<string, string> = {};
        const isScim = urlPattern.startsWith("/scim/v2");
        const scimId = scimIds[urlPattern.split("/")[3]];
        const made = (k: string) => (k === "tenant" ? "acme" : isScim && scimId ? scimId : `${k}_does_not_exist`);
        const url = urlPattern.replace(/\[(\w+)\]/g, (_, k: string) => (params[k] = made(k)));
        // SCIM Bulk is not offered (ServiceProviderConfig says so): its one answer is 501, by design.
        const bulk = urlPattern === "/scim/v2/Bulk";
        const headers = isScim
          ? { authorization: `Bearer ${scimToken}`, "content-type": "application/scim+json" }
          : urlPattern.startsWith("/v1/platform/")
            ? ({ cookie: operatorCookie, origin: ORIGIN, "content-type": "application/json" } as Record<string, string>)
            : asAdmin({ "content-type": "application/json" });
        // Routes whose declared body schema route() reads, and SCIM resources, go through the one reader.
        // A publicRoute's body (the gateway's) is documentation: the handler authenticates, then reads it.
        const readsJson =
          (Boolean(handler.declaration?.body) && handler.declaration.permission !== "public") || (isScim && !bulk);
        for (const [name, body] of [
          ["NUL", NUL_BODY],
          ["lone surrogate", SURROGATE_BODY],
        ]) {
          bearerClientThrottle.reset();
          bearerSubjectThrottle.reset();
          const res = await send(handler, url, { method, headers, body, params });
          const label = `${method} ${urlPattern} (${name}) -> ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`;
          if (res.status >= 500 && !(bulk && res.status === 501)) failures.push(label);
          if (!readsJson) continue;
          strict++;
          const message = isScim ? res.body?.detail : res.body?.error?.message;
          const type = isScim ? res.status === 400 : res.body?.error?.type === "invalid_request";
          if (res.status !== 400 || !type || !/NUL|surrogate/.test(String(message))) failures.push(label);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(strict).toBeGreaterThan(40); // the walk really reached the JSON-body routes
  }, 600_000);

  it("a valid team name with a NUL or a lone surrogate is refused, never stored", async () => {
    for (const body of ['{"name":"Ops\\u0000"}', '{"name":"Ops\\ud800"}']) {
      const res = await send(teamsPOST, "/v1/teams", {
        method: "POST",
        headers: asAdmin({ "content-type": "application/json" }),
        body,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.type).toBe("invalid_request");
    }
    // Raw bytes that are not UTF-8 are refused too (req.json() would have replaced them silently).
    const raw = Buffer.concat([Buffer.from('{"name":"Ops'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]);
    const res = await send(teamsPOST, "/v1/teams", {
      method: "POST",
      headers: asAdmin({ "content-type": "application/json" }),
      body: raw,
    });
    expect([res.status, res.body.error.message]).toEqual([400, "The body is not valid UTF-8"]);
  });

  it("the key rotate route (optional body) and the export verifier refuse them too", async () => {
    const rotate = await send(rotateKeyPOST, "/v1/auth/keys/k/rotate", {
      method: "POST",
      headers: asAdmin({ "content-type": "application/json" }),
      body: '{"overlap_hours":1,"x":"\\u0000"}',
      params: { id: "k" },
    });
    expect([rotate.status, rotate.body.error.type]).toEqual([400, "invalid_request"]);
    // Optional, but when there is one it is JSON like every other route's.
    const untyped = await send(rotateKeyPOST, "/v1/auth/keys/k/rotate", {
      method: "POST",
      headers: asAdmin(),
      body: '{"overlap_hours":1}',
      params: { id: "k" },
    });
    expect([untyped.status, untyped.body.error.type]).toEqual([415, "unsupported_media_type"]);
    const verify = await send(verifyPOST, "/v1/audit/export/verify", {
      method: "POST",
      headers: asAdmin(),
      body: "id,at\n1,\u0000\n",
    });
    expect([verify.status, verify.body.error.message]).toEqual([400, "The body contains a NUL character"]);
  });
});

describe("body size limit", () => {
  const mib = 1024 * 1024;

  it("refuses a body over 1 MiB with 413 payload_too_large", async () => {
    const body = JSON.stringify({ name: "x".repeat(mib + 10) });
    const res = await send(teamsPOST, "/v1/teams", {
      method: "POST",
      headers: asAdmin({ "content-type": "application/json" }),
      body,
    });
    expect([res.status, res.body.error.type]).toEqual([413, "payload_too_large"]);
  });

  it("stops reading a body without Content-Length once it passes the limit (never buffers it whole)", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled += 64 * 1024;
        c.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
    const res = await send(teamsPOST, "/v1/teams", {
      method: "POST",
      headers: asAdmin({ "content-type": "application/json" }),
      body: endless,
    });
    expect([res.status, res.body.error.type]).toEqual([413, "payload_too_large"]);
    expect(pulled).toBeLessThan(2 * mib);
  });

  it("a route may raise its own limit: the export verifier reads a 2 MiB file", async () => {
    const res = await send(verifyPOST, "/v1/audit/export/verify", {
      method: "POST",
      headers: asAdmin(),
      body: "x".repeat(2 * mib),
    });
    expect(res.status).not.toBe(413);
    expect(res.status).toBeLessThan(500);
  });
});

describe("unknown paths", () => {
  it("an unknown /v1 path answers 404 not_found in the error shape, for any method", async () => {
    for (const [h, method] of [
      [apiCatchAll, "GET"],
      [apiCatchAllPOST, "POST"],
    ] as const) {
      const res = await send(h, "/v1/no/such/thing", { method, params: { path: "no/such/thing" } });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        error: {
          type: "not_found",
          message: "No API route at /v1/no/such/thing",
          request_id: expect.stringMatching(/^req_/),
        },
      });
    }
  });

  it("an unknown /scim/v2 path answers 404 in SCIM's error schema", async () => {
    const res = await send(scimCatchAll, "/scim/v2/Widgets", { method: "GET" });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/scim+json");
    expect(res.body).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "404",
      detail: "No SCIM endpoint at /scim/v2/Widgets",
    });
  });
});

describe("Origin check on cookie-authenticated writes", () => {
  const body = () => JSON.stringify({ name: `Team ${Math.random().toString(36).slice(2, 8)}` });
  const json = { "content-type": "application/json" };

  it("refuses a cookie write with no Origin, or another site's Origin, with 403 cross_origin_request", async () => {
    for (const headers of [
      { cookie, ...json },
      { cookie, origin: "https://evil.example", ...json },
      { cookie, origin: "null", ...json },
    ]) {
      const res = await send(teamsPOST, "/v1/teams", { method: "POST", headers, body: body() });
      expect([res.status, res.body.error.type]).toEqual([403, "cross_origin_request"]);
    }
  });

  it("covers body-less POSTs: erasure complete and key rotate", async () => {
    const complete = await send(completeErasurePOST, "/v1/privacy/requests/r/complete", {
      method: "POST",
      headers: { cookie, origin: "https://evil.example" },
      params: { id: "r" },
    });
    expect([complete.status, complete.body.error.type]).toEqual([403, "cross_origin_request"]);
    const rotate = await send(rotateKeyPOST, "/v1/auth/keys/k/rotate", {
      method: "POST",
      headers: { cookie, "content-type": "text/plain" },
      params: { id: "k" },
    });
    expect([rotate.status, rotate.body.error.type]).toEqual([403, "cross_origin_request"]);
  });

  it("accepts our own Origin, or Sec-Fetch-Site: same-origin without an Origin", async () => {
    const a = await send(teamsPOST, "/v1/teams", {
      method: "POST",
      headers: { cookie, origin: ORIGIN, ...json },
      body: body(),
    });
    expect(a.status).toBe(201);
    const b = await send(teamsPOST, "/v1/teams", {
      method: "POST",
      headers: { cookie, "sec-fetch-site": "same-origin", ...json },
      body: body(),
    });
    expect(b.status).toBe(201);
    const c = await send(teamsPOST, "/v1/teams", {
      method: "POST",
      headers: { cookie, "sec-fetch-site": "cross-site", ...json },
      body: body(),
    });
    expect(c.status).toBe(403);
  });

  it("matches the configured public URL, not the Host the request names", async () => {
    process.env.WARDEN_PUBLIC_URL = "https://warden.example.com/";
    try {
      const ours = await send(teamsPOST, "/v1/teams", {
        method: "POST",
        headers: { cookie, origin: "https://warden.example.com", ...json },
        body: body(),
      });
      expect(ours.status).toBe(201);
      const host = await send(teamsPOST, "/v1/teams", {
        method: "POST",
        headers: { cookie, origin: ORIGIN, ...json },
        body: body(),
      });
      expect(host.status).toBe(403);
    } finally {
      delete process.env.WARDEN_PUBLIC_URL;
    }
  });

  it("leaves reads and API-key callers alone", async () => {
    expect((await send(meGET, "/v1/auth/me", { method: "GET", headers: { cookie } })).status).toBe(200);
    bearerClientThrottle.reset();
    const res = await send(teamsPOST, "/v1/teams", {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, ...json },
      body: body(),
    });
    expect(res.status).toBe(201);
  });
});
