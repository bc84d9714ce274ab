// Two gateway processes (scripts/gateway.ts) on one PostgreSQL: 200 concurrent requests,
// split between them, against a budget that fits 50 spend at most the budget plus one
// request's maximum cost; and 120 concurrent requests against a rate limit of 30 admit exactly
// 30, leaving the counters of the other limits exact. PostgreSQL only: an embedded PGlite directory has one owner.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "redis";
import { calendarStart, type BudgetWindow } from "@/lib/gateway/windows";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { startUpstream, type FixtureUpstream } from "../fixtures/upstream";
import {
  CHAT_PROMPT_MAX,
  chat,
  createGovTenant,
  mintKey,
  post,
  PRICE,
  setLimits,
  type GovTenant,
} from "../helpers/gateway-setup";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";

const root = path.resolve(import.meta.dirname, "../..");
const PORTS = [8081, 8082];
let t: TestDatabase;
let up: FixtureUpstream;
let g: GovTenant;
const procs: ChildProcess[] = [];

async function waitForHealth(port: number, proc: ChildProcess) {
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`gateway on ${port} exited with ${proc.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100)); // polling a condition, not a fixed sleep
  }
}

beforeAll(async () => {
  t = await createTestDatabase({ kind: "postgresql" });
  up = await startUpstream({ promptTokens: CHAT_PROMPT_MAX, completionTokens: 100 });
  g = await createGovTenant(t.db, "multi", up.url);
  await startGateways(PORTS, { REDIS_URL: undefined });
});

async function startGateways(ports: number[], env: Record<string, string | undefined>) {
  const started = ports.map((port) => {
    const p = spawn(path.join(root, "node_modules/.bin/tsx"), ["--conditions", "react-server", "scripts/gateway.ts"], {
      cwd: root,
      env: {
        ...process.env,
        ...t.env,
        WARDEN_DATA_DIR: undefined,
        GATEWAY_PORT: String(port),
        WARDEN_DB_POOL_MAX: "8",
        ...env,
      },
      stdio: ["ignore", "inherit", "inherit"],
    });
    procs.push(p);
    return p;
  });
  await Promise.all(ports.map((port, i) => waitForHealth(port, started[i])));
}

afterAll(async () => {
  await Promise.all(
    procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : (p.once("exit", r), p.kill("SIGTERM"))))),
  );
  await up?.close();
  await t?.drop();
});

describe("two gateway processes on one PostgreSQL", () => {
  it("200 concurrent requests against a budget that fits 50 spend at most budget + one max cost", async () => {
    const maxCost = (CHAT_PROMPT_MAX * PRICE.input + 100 * PRICE.output) / 1e6;
    const limit = Number((maxCost * 50).toFixed(10));
    const k = await mintKey(t.db, g);
    await setLimits(t.db, g, "virtual_key", k.id, { budgets: [{ limit_usd: limit, window: "1d", mode: "calendar" }] });
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        post(`http://127.0.0.1:${PORTS[i % 2]}/v1/chat/completions`, chat(), { "x-bf-vk": k.secret }),
      ),
    );
    const ok = replies.filter((r) => r.status === 200).length;
    expect(ok + replies.filter((r) => r.status === 402).length).toBe(200);
    expect(ok).toBeLessThanOrEqual(50);
    expect(ok).toBeGreaterThan(0);
    // Answers go out before settlement: wait until both processes have settled every request.
    const records = () =>
      withTenant(g.tenantId, (tx) => tx.usageRecord.count({ where: { virtualKeyId: k.id } }), { db: t.db });
    while ((await records()) < 200) await new Promise((r) => setTimeout(r, 50));
    const [b] = await withTenant(g.tenantId, (tx) => tx.budget.findMany({ where: { ownerId: k.id } }), { db: t.db });
    expect(Number(b.spentUsd)).toBeLessThanOrEqual(limit + maxCost);
    expect(Number(b.spentUsd)).toBeCloseTo(ok * maxCost, 10);
    expect(Number(b.reservedUsd)).toBe(0);
  });

  it("120 concurrent requests against a rate limit of 30 admit exactly 30; the other limit's counter stays exact", async () => {
    const k = await mintKey(t.db, g);
    await setLimits(t.db, g, "virtual_key", k.id, { rate_limits: [{ requests_per_window: 30, window: "1h" }] });
    await setLimits(t.db, g, "user", g.userId, { rate_limits: [{ requests_per_window: 100_000, window: "1h" }] });
    const replies = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        post(`http://127.0.0.1:${PORTS[i % 2]}/v1/chat/completions`, chat(), { "x-bf-vk": k.secret }),
      ),
    );
    expect(replies.filter((r) => r.status === 200).length).toBe(30);
    expect(replies.filter((r) => r.status === 429).length).toBe(90);
    // The user's limit was taken by every request that passed its own check and given back for
    // the ones the key's limit refused: it counts exactly the 30 admitted.
    const counters = await withTenant(
      g.tenantId,
      (tx) => tx.rateLimitCounter.findMany({ include: { rateLimit: true } }),
      { db: t.db },
    );
    const byOwner = (type: string) =>
      counters.filter((c) => c.rateLimit.ownerType === type).reduce((n, c) => n + c.requests, 0);
    expect(byOwner("virtual_key")).toBe(30);
    expect(byOwner("user")).toBe(30);
  });
});

// The same two-process check with the counters in Redis (REDIS_URL, ADR 0010). Redis must be
// reachable (the test command and .ci/run provide it): an unreachable Redis fails, never skips.
describe("two gateway processes sharing Redis for rate-limit counters", () => {
  const REDIS_URL = process.env.WARDEN_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
  const REDIS_PORTS = [8083, 8084];
  let redis: ReturnType<typeof createClient>;

  beforeAll(async () => {
    redis = createClient({ url: REDIS_URL, socket: { connectTimeout: 2000, reconnectStrategy: false } });
    redis.on("error", () => {});
    await redis.connect();
    expect(await redis.ping()).toBe("PONG");
    await startGateways(REDIS_PORTS, { REDIS_URL });
  });
  afterAll(async () => {
    await redis?.quit().catch(() => {});
  });

  it("120 concurrent requests against a rate limit of 30 admit exactly 30, counted in Redis only; tokens follow", async () => {
    const k = await mintKey(t.db, g);
    await setLimits(t.db, g, "virtual_key", k.id, { rate_limits: [{ requests_per_window: 30, window: "1h" }] });
    await setLimits(t.db, g, "team", g.teamId, {
      rate_limits: [{ requests_per_window: 100_000, tokens_per_window: 1e9, window: "1d" }],
    });
    const replies = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        post(`http://127.0.0.1:${REDIS_PORTS[i % 2]}/v1/chat/completions`, chat(), { "x-bf-vk": k.secret }),
      ),
    );
    expect(replies.filter((r) => r.status === 200).length).toBe(30);
    expect(replies.filter((r) => r.status === 429).length).toBe(90);
    const limits = await withTenant(
      g.tenantId,
      (tx) => tx.rateLimit.findMany({ where: { ownerId: { in: [k.id, g.teamId] } } }),
      { db: t.db },
    );
    const keyOf = (ownerId: string) => {
      const l = limits.find((x) => x.ownerId === ownerId)!;
      return `warden:rl:{${g.tenantId}}:${l.id}:${calendarStart(new Date(), l.window as BudgetWindow).getTime()}`;
    };
    // All-or-nothing: the team's counter counts exactly the 30 the key's limit admitted.
    expect(Number(await redis.hGet(keyOf(k.id), "r"))).toBe(30);
    expect(Number(await redis.hGet(keyOf(g.teamId), "r"))).toBe(30);
    const pgCounters = await withTenant(
      g.tenantId,
      (tx) => tx.rateLimitCounter.count({ where: { rateLimitId: { in: limits.map((l) => l.id) } } }),
      { db: t.db },
    );
    expect(pgCounters).toBe(0);
    // Settlement adds each answered request's tokens to the Redis counters.
    const want = 30 * (CHAT_PROMPT_MAX + 100);
    while (Number(await redis.hGet(keyOf(g.teamId), "t")) < want) await new Promise((r) => setTimeout(r, 50));
    expect(Number(await redis.hGet(keyOf(g.teamId), "t"))).toBe(want);
    expect(await redis.pTTL(keyOf(k.id))).toBeGreaterThan(60_000);
  });

  it("REDIS_URL set but unreachable: a request with rate limits fails closed (503 service_unavailable) instead of going uncounted", async () => {
    await startGateways([8085], { REDIS_URL: "redis://127.0.0.1:1" });
    const k = await mintKey(t.db, g);
    await setLimits(t.db, g, "virtual_key", k.id, { rate_limits: [{ requests_per_window: 1000, window: "1h" }] });
    const forwarded = up.requests.length;
    const r = await post("http://127.0.0.1:8085/v1/chat/completions", chat(), { "x-bf-vk": k.secret });
    expect([r.status, r.json().error?.type]).toEqual([503, "service_unavailable"]);
    expect(up.requests.length).toBe(forwarded);
    const counters = await withTenant(
      g.tenantId,
      (tx) => tx.rateLimitCounter.count({ where: { rateLimit: { ownerId: k.id } } }),
      { db: t.db },
    );
    expect(counters).toBe(0);
  });
});
