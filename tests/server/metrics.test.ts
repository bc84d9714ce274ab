// /metrics: the gateway's and the console's Prometheus endpoints, scraped before and after a
// known number of requests; the counters must move by exactly that number. Also the token
// rule (404 when WARDEN_METRICS_TOKEN is unset, 401 without or with a wrong bearer token) and
// the route-template labels.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as healthRoute } from "@/app/api/health/route";
import { GET as metricsRoute } from "@/app/metrics/route";
import { GET as teamRoute } from "@/app/v1/teams/[id]/route";
import { verifyTenant } from "@/lib/audit/verification";
import { settled } from "@/lib/gateway/core";
import { routeTemplate } from "@/lib/http/pipeline";
import { closeRateRedis } from "@/lib/gateway/rate-redis";
import { call } from "../helpers/call-route";
import { signedIn } from "../helpers/callers";
import { chat, mintKey, openGatewayHarness, post, setLimits, type GatewayHarness } from "../helpers/gateway-setup";
import { TEST_DB_KIND } from "../helpers/test-db";

const TOKEN = "metrics-test-token-0123456789abcdef";
let h: GatewayHarness;

beforeAll(async () => {
  h = await openGatewayHarness("metrics", { promptTokens: 9, completionTokens: 20 });
}, 120_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await h?.close();
  await closeRateRedis();
});

/** Parses the text format into "name{label="v",...}" -> value (labels as prom-client writes them). */
function parse(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const i = line.lastIndexOf(" ");
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}
/** The value of one sample whose labels include all of `labels` (0 when absent). */
function value(m: Map<string, number>, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let sum = 0;
  for (const [k, v] of m) {
    const bare = k.split("{")[0];
    if (bare !== name) continue;
    if (want.every((w) => k.includes(w))) sum += v;
  }
  return sum;
}

async function scrapeGateway(auth: string | null = `Bearer ${TOKEN}`): Promise<{ status: number; text: string }> {
  const res = await fetch(`${h.gw.url}/metrics`, { headers: auth ? { authorization: auth } : {} });
  return { status: res.status, text: await res.text() };
}

describe(`/metrics (${TEST_DB_KIND})`, () => {
  it("is 404 while WARDEN_METRICS_TOKEN is unset, 401 without or with a wrong token, 200 with it", async () => {
    vi.stubEnv("WARDEN_METRICS_TOKEN", "");
    expect((await scrapeGateway()).status).toBe(404);
    const consoleAnswer = await metricsRoute(
      new Request("http://127.0.0.1/metrics", { headers: { authorization: `Bearer ${TOKEN}` } }),
      { params: Promise.resolve({}) },
    );
    expect(consoleAnswer.status).toBe(404);
    vi.stubEnv("WARDEN_METRICS_TOKEN", "short");
    expect((await scrapeGateway("Bearer short")).status).toBe(404); // too short to be a secret: still off
    vi.stubEnv("WARDEN_METRICS_TOKEN", TOKEN);
    expect((await scrapeGateway(null)).status).toBe(401);
    expect((await scrapeGateway(`Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await scrapeGateway(`Basic ${TOKEN}`)).status).toBe(401);
    const wrong = await metricsRoute(
      new Request("http://127.0.0.1/metrics", { headers: { authorization: "Bearer nope" } }),
      { params: Promise.resolve({}) },
    );
    expect([wrong.status, wrong.headers.get("www-authenticate")]).toEqual([401, 'Bearer realm="warden-metrics"']);
    const ok = await scrapeGateway();
    expect(ok.status).toBe(200);
    expect(ok.text).toContain("# TYPE warden_gateway_admissions_total counter");
    expect(ok.text).toContain("# TYPE warden_http_request_duration_seconds histogram");
  });

  it("gateway: admitted and refused counts, request counts, settlement lag and lease refills move by exactly the requests sent", async () => {
    vi.stubEnv("WARDEN_METRICS_TOKEN", TOKEN);
    const key = await mintKey(h.t.db, h.g);
    await setLimits(h.t.db, h.g, "virtual_key", key.id, {
      budgets: [{ limit_usd: 100, window: "1d", mode: "calendar" }],
    });
    const before = parse((await scrapeGateway()).text);
    const N = 37;
    const BAD = 5;
    const replies = await Promise.all(Array.from({ length: N }, () => post(h.url, chat(), { "x-bf-vk": key.secret })));
    expect(replies.map((r) => r.status)).toEqual(Array(N).fill(200));
    for (let i = 0; i < BAD; i++)
      expect((await post(h.url, chat(), { "x-bf-vk": "wvk_not-a-real-key" })).status).toBe(401);
    await settled();
    const after = parse((await scrapeGateway()).text);
    const delta = (name: string, labels: Record<string, string> = {}) =>
      value(after, name, labels) - value(before, name, labels);
    expect(delta("warden_gateway_admissions_total", { outcome: "admitted" })).toBe(N);
    expect(delta("warden_gateway_admissions_total", { outcome: "refused", error_type: "virtual_key_not_found" })).toBe(
      BAD,
    );
    expect(delta("warden_http_requests_total", { route: "/v1/chat/completions", status: "200" })).toBe(N);
    expect(delta("warden_http_requests_total", { route: "/v1/chat/completions", status: "401" })).toBe(BAD);
    expect(delta("warden_http_request_duration_seconds_count", { route: "/v1/chat/completions", status: "200" })).toBe(
      N,
    );
    expect(delta("warden_gateway_upstream_duration_seconds_count", { outcome: "2xx" })).toBe(N);
    expect(delta("warden_gateway_settlement_lag_seconds_count")).toBe(N);
    expect(delta("warden_gateway_lease_refills_total", { outcome: "granted" })).toBeGreaterThanOrEqual(1);
    expect(value(after, "warden_gateway_settlement_queue")).toBe(0);
    // The key's creation and its budget were audited in this process.
    expect(value(after, "warden_audit_append_duration_seconds_count")).toBeGreaterThan(0);
  });

  it("console: every route() counts per route template and status, and the console serves the same registry", async () => {
    vi.stubEnv("WARDEN_METRICS_TOKEN", TOKEN);
    // The route handler itself (call() expects JSON; this body is text).
    const raw = async () => {
      const res = await metricsRoute(
        new Request("http://127.0.0.1/metrics", { headers: { authorization: `Bearer ${TOKEN}` } }),
        { params: Promise.resolve({}) },
      );
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
      return parse(await res.text());
    };
    const before = await raw();
    const admin = await signedIn(h.t.db, "metrics", "dev@metrics.test");
    for (let i = 0; i < 4; i++) expect((await call(healthRoute, "GET", "/api/health")).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const r = await call(teamRoute, "GET", `/v1/teams/tm_missing_${i}`, {
        headers: admin.credentials,
        params: { id: `tm_missing_${i}` },
      });
      expect([403, 404]).toContain(r.status);
    }
    const after = await raw();
    const delta = (labels: Record<string, string>) =>
      value(after, "warden_http_requests_total", labels) - value(before, "warden_http_requests_total", labels);
    expect(delta({ route: "/api/health", method: "GET", status: "200" })).toBe(4);
    expect(delta({ route: "/v1/teams/[id]", method: "GET" })).toBe(3);
    // No URL ever becomes a label.
    expect([...after.keys()].some((k) => k.includes("tm_missing_"))).toBe(false);
  });

  it("the chain verification result is a gauge per tenant slug", async () => {
    vi.stubEnv("WARDEN_METRICS_TOKEN", TOKEN);
    const r = await verifyTenant(h.g.tenantId, { db: h.t.db });
    expect(r.verified).toBe(true);
    const m = parse((await scrapeGateway()).text);
    expect(value(m, "warden_audit_chain_valid", { tenant: "metrics" })).toBe(1);
    expect(value(m, "warden_audit_chain_verified_timestamp_seconds", { tenant: "metrics" })).toBeGreaterThan(
      Date.now() / 1000 - 60,
    );
  });

  it("route templates: dynamic segments by their folder names, catch-alls folded", () => {
    expect(routeTemplate("/v1/teams/tm_1", { id: "tm_1" })).toBe("/v1/teams/[id]");
    expect(routeTemplate("/v1/auth/saml/acme/acs", { tenant: "acme" })).toBe("/v1/auth/saml/[tenant]/acs");
    expect(routeTemplate("/v1/no/such/path", { path: ["no", "such", "path"] })).toBe("/v1/[...path]");
    expect(routeTemplate("/scim/v2/Users/a%20b", { id: "a b" })).toBe("/scim/v2/Users/[id]");
    expect(routeTemplate("/api/health", {})).toBe("/api/health");
  });
});
