// Accounting: cost from the upstream's usage (streams included) charged to every level,
// reservations released, windows reset by an injected clock, and 200 concurrent requests
// against a budget that fits 50.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settled } from "@/lib/gateway/core";
import { withTenant } from "@/lib/tenancy/with-tenant";
import type { FixtureUpstream } from "../fixtures/upstream";
import {
  CHAT_PROMPT_MAX,
  chat,
  mintKey,
  post,
  PRICE,
  setLimits,
  openGatewayHarness,
  type GatewayHarness,
  type GovTenant,
} from "../helpers/gateway-setup";
import { TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

let t: TestDatabase;
let up: FixtureUpstream;
let g: GovTenant;
let url: string;
let now = new Date("2026-03-10T10:59:00Z");

let h: GatewayHarness | undefined;
beforeAll(async () => {
  h = await openGatewayHarness("acct", { promptTokens: 7, completionTokens: 30 }, { clock: () => now });
  ({ t, up, g, url } = h);
});

afterAll(() => h?.close());

const cost = (p: number, c: number) => (p * PRICE.input + c * PRICE.output) / 1e6;
const budgetsOf = (ownerId: string) =>
  withTenant(g.tenantId, (tx) => tx.budget.findMany({ where: { ownerId } }), { db: t.db });

describe(`gateway accounting (${TEST_DB_KIND})`, () => {
  it("charges the actual cost to the key, user, team and customer, and releases the reservation", async () => {
    const k = await mintKey(t.db, g);
    for (const [lvl, id] of [
      ["virtual_key", k.id],
      ["user", g.userId],
      ["team", g.teamId],
      ["customer", g.customerId],
    ] as const) {
      await setLimits(t.db, g, lvl, id, { budgets: [{ limit_usd: 10, window: "1M", mode: "calendar" }] }, now);
    }
    const r = await post(url, chat(), { "x-bf-vk": k.secret });
    expect(r.status).toBe(200);
    expect(r.json().usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 30 });
    await settled();
    for (const id of [k.id, g.userId, g.teamId, g.customerId]) {
      const [b] = await budgetsOf(id);
      expect(Number(b.spentUsd)).toBeCloseTo(cost(7, 30), 12);
      expect(Number(b.reservedUsd)).toBe(0);
    }
    const rec = await withTenant(
      g.tenantId,
      (tx) => tx.usageRecord.findFirstOrThrow({ where: { virtualKeyId: k.id } }),
      { db: t.db },
    );
    expect(rec).toMatchObject({
      status: "ok",
      httpStatus: 200,
      promptTokens: 7,
      completionTokens: 30,
      userId: g.userId,
      teamId: g.teamId,
      customerId: g.customerId,
      provider: "fixture",
      model: "gpt-test",
      stream: false,
    });
    expect(Number(rec.costUsd)).toBeCloseTo(cost(7, 30), 12);
    // The cap reserved for is the cap the upstream received.
    expect(up.requests.at(-1)?.maxTokens).toBe(100);
  });

  it("streams: forwards the chunks, asks for usage, and charges price x streamed tokens (never 0)", async () => {
    const k = await mintKey(t.db, g);
    await setLimits(
      t.db,
      g,
      "virtual_key",
      k.id,
      { budgets: [{ limit_usd: 10, window: "1d", mode: "calendar" }] },
      now,
    );
    const r = await post(url, chat({ stream: true }), { "x-bf-vk": k.secret });
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toContain("text/event-stream");
    expect(r.text).toContain("fixture");
    expect(r.text.trimEnd().endsWith("data: [DONE]")).toBe(true);
    expect(up.requests.at(-1)).toMatchObject({ stream: true, includeUsage: true });
    await settled();
    const rec = await withTenant(
      g.tenantId,
      (tx) => tx.usageRecord.findFirstOrThrow({ where: { virtualKeyId: k.id } }),
      { db: t.db },
    );
    expect(rec).toMatchObject({ stream: true, status: "ok", promptTokens: 7, completionTokens: 30 });
    expect(Number(rec.costUsd)).toBeGreaterThan(0);
    expect(Number(rec.costUsd)).toBeCloseTo(cost(7, 30), 12);
    const [b] = await budgetsOf(k.id);
    expect(Number(b.spentUsd)).toBeCloseTo(cost(7, 30), 12);
  });

  it("streams without a usage chunk are still charged (prompt bound + counted deltas)", async () => {
    up.options.streamUsage = false;
    try {
      const k = await mintKey(t.db, g);
      expect((await post(url, chat({ stream: true }), { "x-bf-vk": k.secret })).status).toBe(200);
      await settled();
      const rec = await withTenant(
        g.tenantId,
        (tx) => tx.usageRecord.findFirstOrThrow({ where: { virtualKeyId: k.id } }),
        { db: t.db },
      );
      expect(rec).toMatchObject({ status: "ok_estimated", promptTokens: CHAT_PROMPT_MAX, completionTokens: 4 });
      expect(Number(rec.costUsd)).toBeGreaterThan(0);
    } finally {
      up.options.streamUsage = true;
    }
  });

  it("calendar windows reset at the UTC boundary (injected clock)", async () => {
    now = new Date("2026-03-10T10:59:00Z");
    const k = await mintKey(t.db, g);
    await setLimits(
      t.db,
      g,
      "virtual_key",
      k.id,
      { budgets: [{ limit_usd: cost(CHAT_PROMPT_MAX, 100) + cost(7, 30) / 2, window: "1h", mode: "calendar" }] },
      now,
    );
    expect((await post(url, chat(), { "x-bf-vk": k.secret })).status).toBe(200);
    await settled();
    now = new Date("2026-03-10T10:59:59Z");
    expect((await post(url, chat(), { "x-bf-vk": k.secret })).status).toBe(402);
    now = new Date("2026-03-10T11:00:00Z");
    expect((await post(url, chat(), { "x-bf-vk": k.secret })).status).toBe(200);
    await settled();
    const [b] = await budgetsOf(k.id);
    expect(b.windowStart.toISOString()).toBe("2026-03-10T11:00:00.000Z");
    expect(Number(b.spentUsd)).toBeCloseTo(cost(7, 30), 12);
  });

  it("rolling windows run one window length from their start, then advance by whole windows", async () => {
    now = new Date("2026-03-10T10:30:00Z");
    const k = await mintKey(t.db, g);
    await setLimits(
      t.db,
      g,
      "virtual_key",
      k.id,
      { budgets: [{ limit_usd: cost(CHAT_PROMPT_MAX, 100) + cost(7, 30) / 2, window: "1h", mode: "rolling" }] },
      now,
    );
    expect((await post(url, chat(), { "x-bf-vk": k.secret })).status).toBe(200);
    await settled();
    now = new Date("2026-03-10T11:29:59Z"); // a calendar window would have reset at 11:00
    expect((await post(url, chat(), { "x-bf-vk": k.secret })).status).toBe(402);
    now = new Date("2026-03-10T13:45:00Z");
    expect((await post(url, chat(), { "x-bf-vk": k.secret })).status).toBe(200);
    await settled();
    const [b] = await budgetsOf(k.id);
    expect(b.windowStart.toISOString()).toBe("2026-03-10T13:30:00.000Z");
  });

  it("200 concurrent requests against a budget that fits 50 spend at most the budget", async () => {
    now = new Date("2026-03-11T12:00:00Z");
    up.options.promptTokens = CHAT_PROMPT_MAX; // actual cost = the reserved maximum: the tightest case
    up.options.completionTokens = 100;
    const maxCost = cost(CHAT_PROMPT_MAX, 100);
    const limit = Number((maxCost * 50).toFixed(10));
    const k = await mintKey(t.db, g);
    await setLimits(
      t.db,
      g,
      "virtual_key",
      k.id,
      { budgets: [{ limit_usd: limit, window: "1d", mode: "calendar" }] },
      now,
    );
    const replies = await Promise.all(Array.from({ length: 200 }, () => post(url, chat(), { "x-bf-vk": k.secret })));
    await settled();
    const ok = replies.filter((r) => r.status === 200).length;
    const refused = replies.filter((r) => r.status === 402).length;
    expect(ok + refused).toBe(200);
    expect(ok).toBe(50);
    const [b] = await budgetsOf(k.id);
    expect(Number(b.spentUsd)).toBeLessThanOrEqual(limit + maxCost);
    expect(Number(b.spentUsd)).toBeCloseTo(50 * maxCost, 10);
    expect(Number(b.reservedUsd)).toBe(0);
  });
});
