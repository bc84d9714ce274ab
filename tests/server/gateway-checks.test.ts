// The governed gateway against the fixture upstream: each check, in the order admit() applies them, with
// its status and error type; Retry-After on 429; rejections recorded as usage.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settled } from "@/lib/gateway/core";
import { closeRateRedis } from "@/lib/gateway/rate-redis";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { chat, gatewayForFile, mintKey, post, setLimits } from "../helpers/gateway-setup";
import { TEST_DB_KIND } from "../helpers/test-db";

const h = gatewayForFile("checks", { promptTokens: 9, completionTokens: 100 });

const errType = (r: { json: () => { error?: { type: string } } }) => r.json().error?.type;

describe(`gateway checks and their order (${TEST_DB_KIND})`, () => {
  it("401 virtual_key_not_found for an unknown or empty key, 401 without any credential", async () => {
    const a = await post(h.url, chat(), { "x-bf-vk": "wvk_not-a-real-key" });
    expect([a.status, errType(a)]).toEqual([401, "virtual_key_not_found"]);
    const b = await post(h.url, chat());
    expect([b.status, errType(b)]).toEqual([401, "authentication_required"]);
  });

  it("400 invalid_request for a malformed body (after authentication)", async () => {
    const k = await mintKey(h.t.db, h.g);
    const r = await post(h.url, { model: "gpt-test" }, { "x-bf-vk": k.secret });
    expect([r.status, errType(r)]).toEqual([400, "invalid_request"]);
  });

  it("a revoked or expired key is blocked before anything else is looked at", async () => {
    const revoked = await mintKey(h.t.db, h.g, { allowed_providers: [], allowed_models: [] });
    await withTenant(
      h.g.tenantId,
      (tx) => tx.virtualKey.update({ where: { id: revoked.id }, data: { revokedAt: new Date(Date.now() - 1000) } }),
      { db: h.t.db },
    );
    const r = await post(h.url, chat(), { "x-bf-vk": revoked.secret });
    expect([r.status, errType(r)]).toEqual([403, "virtual_key_blocked"]);
    const expired = await mintKey(h.t.db, h.g, { expires_at: new Date(Date.now() - 1000).toISOString() });
    const e = await post(h.url, chat(), { "x-bf-vk": expired.secret });
    expect([e.status, errType(e)]).toEqual([403, "virtual_key_blocked"]);
  });

  it("deny by default: provider checked before model, model before limits", async () => {
    const none = await mintKey(h.t.db, h.g, { allowed_providers: [], allowed_models: [] });
    await setLimits(h.t.db, h.g, "virtual_key", none.id, {
      budgets: [{ limit_usd: 0, window: "1d", mode: "calendar" }],
    });
    const p = await post(h.url, chat(), { "x-bf-vk": none.secret });
    expect([p.status, errType(p)]).toEqual([403, "provider_blocked"]);
    const modelOnly = await mintKey(h.t.db, h.g, { allowed_providers: ["fixture"], allowed_models: ["gpt-other"] });
    await setLimits(h.t.db, h.g, "virtual_key", modelOnly.id, {
      budgets: [{ limit_usd: 0, window: "1d", mode: "calendar" }],
      rate_limits: [{ requests_per_window: 1, window: "1h" }],
    });
    const m = await post(h.url, chat(), { "x-bf-vk": modelOnly.secret });
    expect([m.status, errType(m)]).toEqual([403, "model_blocked"]);
    const ok = await post(h.url, chat({ model: "fixture/gpt-other" }), { "x-bf-vk": modelOnly.secret });
    expect([ok.status, errType(ok)]).toEqual([402, "budget_exceeded"]);
    expect(h.up.requests.length).toBe(0);
  });

  it("rate limits come before budgets; 429 carries Retry-After", rateBeforeBudget);

  it("a token rate limit refuses once the window's tokens are used", tokenRateLimit);

  it("a budget at any level refuses: user, team, customer", async () => {
    for (const [level, id] of [
      ["user", h.g.userId],
      ["team", h.g.teamId],
      ["customer", h.g.customerId],
    ] as const) {
      const k = await mintKey(h.t.db, h.g);
      await setLimits(h.t.db, h.g, level, id, { budgets: [{ limit_usd: 0.0001, window: "1d", mode: "calendar" }] });
      const r = await post(h.url, chat(), { "x-bf-vk": k.secret });
      expect([level, r.status, errType(r)]).toEqual([level, 402, "budget_exceeded"]);
      await setLimits(h.t.db, h.g, level, id, { budgets: [] });
    }
  });

  it("every refusal leaves a usage record with its error type and no cost", async () => {
    const rows = await withTenant(h.g.tenantId, (tx) => tx.usageRecord.findMany({ where: { NOT: { status: "ok" } } }), {
      db: h.t.db,
    });
    const statuses = new Set(rows.map((r) => r.status));
    for (const s of ["virtual_key_blocked", "provider_blocked", "model_blocked", "rate_limited", "budget_exceeded"])
      expect(statuses.has(s), s).toBe(true);
    expect(rows.every((r) => Number(r.costUsd) === 0)).toBe(true);
  });
});

describe(`the console route mounts the same gateway (${TEST_DB_KIND})`, () => {
  it("answers a streamed and a non-streamed completion through POST /v1/chat/completions", async () => {
    const { POST } = await import("@/app/v1/chat/completions/route");
    const k = await mintKey(h.t.db, h.g);
    const call = (body: unknown) =>
      POST(
        new Request("http://console.test/v1/chat/completions", {
          method: "POST",
          headers: { "content-type": "application/json", "x-bf-vk": k.secret, "x-request-id": "req_route_test_1" },
          body: JSON.stringify(body),
        }),
        { params: Promise.resolve({}) },
      );
    const plain = await call(chat());
    expect(plain.status).toBe(200);
    expect(plain.headers.get("x-request-id")).toBe("req_route_test_1");
    expect(((await plain.json()) as { usage: { completion_tokens: number } }).usage.completion_tokens).toBe(100);
    const streamed = await call(chat({ stream: true }));
    expect(streamed.headers.get("content-type")).toContain("text/event-stream");
    expect(await streamed.text()).toContain("[DONE]");
    const denied = await POST(
      new Request("http://console.test/v1/chat/completions", {
        method: "POST",
        headers: { "x-bf-vk": "wvk_nope" },
        body: "{}",
      }),
      { params: Promise.resolve({}) },
    );
    expect(denied.status).toBe(401);
    await settled();
    const recs = await withTenant(h.g.tenantId, (tx) => tx.usageRecord.findMany({ where: { virtualKeyId: k.id } }), {
      db: h.t.db,
    });
    expect(recs.map((r) => r.stream).sort()).toEqual([false, true]);
  });
});

async function rateBeforeBudget() {
  const k = await mintKey(h.t.db, h.g);
  // One request fits both the rate limit and the budget; the second fails both, and 429 wins.
  await setLimits(h.t.db, h.g, "virtual_key", k.id, {
    budgets: [{ limit_usd: 0.000209, window: "1d", mode: "calendar" }],
    rate_limits: [{ requests_per_window: 1, window: "1h" }],
  });
  const first = await post(h.url, chat(), { "x-bf-vk": k.secret });
  expect(first.status).toBe(200);
  await settled();
  const second = await post(h.url, chat(), { "x-bf-vk": k.secret });
  expect([second.status, errType(second)]).toEqual([429, "rate_limited"]);
  const retry = Number(second.headers["retry-after"]);
  expect(retry).toBeGreaterThanOrEqual(1);
  expect(retry).toBeLessThanOrEqual(3600);
  return k;
}

async function tokenRateLimit() {
  const k = await mintKey(h.t.db, h.g);
  await setLimits(h.t.db, h.g, "virtual_key", k.id, { rate_limits: [{ tokens_per_window: 50, window: "1d" }] });
  expect((await post(h.url, chat(), { "x-bf-vk": k.secret })).status).toBe(200);
  await settled();
  const r = await post(h.url, chat(), { "x-bf-vk": k.secret });
  expect([r.status, errType(r)]).toEqual([429, "rate_limited"]);
  return k;
}

// The same checks with the counters in Redis (REDIS_URL, ADR 0010): Redis must be reachable (the
// test command and .ci/run provide it); an unreachable Redis fails these tests, never skips them.
describe(`rate limits with counters in Redis (${TEST_DB_KIND})`, () => {
  beforeAll(() => {
    process.env.REDIS_URL = process.env.WARDEN_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
  });
  afterAll(async () => {
    await settled();
    await closeRateRedis();
    delete process.env.REDIS_URL;
  });
  const pgCounters = (keyId: string) =>
    withTenant(h.g.tenantId, (tx) => tx.rateLimitCounter.count({ where: { rateLimit: { ownerId: keyId } } }), {
      db: h.t.db,
    });

  it("rate limits come before budgets; 429 carries Retry-After; nothing counted in PostgreSQL", async () => {
    expect(await pgCounters((await rateBeforeBudget()).id)).toBe(0);
  });

  it("a token rate limit refuses once the window's tokens are used (tokens settled into Redis)", async () => {
    expect(await pgCounters((await tokenRateLimit()).id)).toBe(0);
  });
});
