// Accounting: cost from the upstream's usage (streams included) charged to every level,
// reservations released, windows reset by an injected clock, and 200 concurrent requests
// against a budget that fits 50.
import { describe, expect, it } from "vitest";
import { settled } from "@/lib/gateway/core";
import type { LimitsInput } from "@/lib/governance/limits";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { CHAT_PROMPT_MAX, chat, gatewayForFile, mintKey, post, PRICE, setLimits } from "../helpers/gateway-setup";
import { TEST_DB_KIND } from "../helpers/test-db";

let now = new Date("2026-03-10T10:59:00Z");
const h = gatewayForFile("acct", { promptTokens: 7, completionTokens: 30 }, { clock: () => now });

const cost = (p: number, c: number) => (p * PRICE.input + c * PRICE.output) / 1e6;
const budgetsOf = (ownerId: string) =>
  withTenant(h.g.tenantId, (tx) => tx.budget.findMany({ where: { ownerId } }), { db: h.t.db });

/** A fresh key with one budget of its own, set at the injected clock. */
async function keyWithBudget(budget: NonNullable<LimitsInput["budgets"]>[number]) {
  const k = await mintKey(h.t.db, h.g);
  await setLimits(h.t.db, h.g, "virtual_key", k.id, { budgets: [budget] }, now);
  return k;
}

describe(`gateway accounting (${TEST_DB_KIND})`, () => {
  it("charges the actual cost to the key, user, team and customer, and releases the reservation", async () => {
    const k = await mintKey(h.t.db, h.g);
    for (const [lvl, id] of [
      ["virtual_key", k.id],
      ["user", h.g.userId],
      ["team", h.g.teamId],
      ["customer", h.g.customerId],
    ] as const) {
      await setLimits(h.t.db, h.g, lvl, id, { budgets: [{ limit_usd: 10, window: "1M", mode: "calendar" }] }, now);
    }
    const r = await post(h.url, chat(), { "x-bf-vk": k.secret });
    expect(r.status).toBe(200);
    expect(r.json().usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 30 });
    await settled();
    for (const id of [k.id, h.g.userId, h.g.teamId, h.g.customerId]) {
      const [b] = await budgetsOf(id);
      expect(Number(b.spentUsd)).toBeCloseTo(cost(7, 30), 12);
      expect(Number(b.reservedUsd)).toBe(0);
    }
    const rec = await withTenant(
      h.g.tenantId,
      (tx) => tx.usageRecord.findFirstOrThrow({ where: { virtualKeyId: k.id } }),
      { db: h.t.db },
    );
    expect(rec).toMatchObject({
      status: "ok",
      httpStatus: 200,
      promptTokens: 7,
      completionTokens: 30,
      userId: h.g.userId,
      teamId: h.g.teamId,
      customerId: h.g.customerId,
      provider: "fixture",
      model: "gpt-test",
      stream: false,
    });
    expect(Number(rec.costUsd)).toBeCloseTo(cost(7, 30), 12);
    // The cap reserved for is the cap the upstream received.
    expect(h.up.requests.at(-1)?.maxTokens).toBe(100);
  });

  it("streams: forwards the chunks, asks for usage, and charges price x streamed tokens (never 0)", async () => {
    const k = await keyWithBudget({ limit_usd: 10, window: "1d", mode: "calendar" });
    const r = await post(h.url, chat({ stream: true }), { "x-bf-vk": k.secret });
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toContain("text/event-stream");
    expect(r.text).toContain("fixture");
    expect(r.text.trimEnd().endsWith("data: [DONE]")).toBe(true);
    expect(h.up.requests.at(-1)).toMatchObject({ stream: true, includeUsage: true });
    await settled();
    const rec = await withTenant(
      h.g.tenantId,
      (tx) => tx.usageRecord.findFirstOrThrow({ where: { virtualKeyId: k.id } }),
      { db: h.t.db },
    );
    expect(rec).toMatchObject({ stream: true, status: "ok", promptTokens: 7, completionTokens: 30 });
    expect(Number(rec.costUsd)).toBeGreaterThan(0);
    expect(Number(rec.costUsd)).toBeCloseTo(cost(7, 30), 12);
    const [b] = await budgetsOf(k.id);
    expect(Number(b.spentUsd)).toBeCloseTo(cost(7, 30), 12);
  });

  it("streams without a usage chunk are still charged (prompt bound + counted deltas)", async () => {
    h.up.options.streamUsage = false;
    try {
      const k = await mintKey(h.t.db, h.g);
      expect((await post(h.url, chat({ stream: true }), { "x-bf-vk": k.secret })).status).toBe(200);
      await settled();
      const rec = await withTenant(
        h.g.tenantId,
        (tx) => tx.usageRecord.findFirstOrThrow({ where: { virtualKeyId: k.id } }),
        { db: h.t.db },
      );
      expect(rec).toMatchObject({ status: "ok_estimated", promptTokens: CHAT_PROMPT_MAX, completionTokens: 4 });
      expect(Number(rec.costUsd)).toBeGreaterThan(0);
    } finally {
      h.up.options.streamUsage = true;
    }
  });

  // One budget with room for one request and not two, under each window mode, on the injected clock.
  for (const { title, mode, start, full, next, windowStart } of [
    {
      title: "calendar windows reset at the UTC boundary (injected clock)",
      mode: "calendar",
      start: "2026-03-10T10:59:00Z",
      full: "2026-03-10T10:59:59Z",
      next: "2026-03-10T11:00:00Z",
      windowStart: "2026-03-10T11:00:00.000Z",
    },
    {
      title: "rolling windows run one window length from their start, then advance by whole windows",
      mode: "rolling",
      start: "2026-03-10T10:30:00Z",
      full: "2026-03-10T11:29:59Z", // a calendar window would have reset at 11:00
      next: "2026-03-10T13:45:00Z",
      windowStart: "2026-03-10T13:30:00.000Z",
    },
  ] as const)
    it(title, async () => {
      now = new Date(start);
      const k = await keyWithBudget({ limit_usd: cost(CHAT_PROMPT_MAX, 100) + cost(7, 30) / 2, window: "1h", mode });
      expect((await post(h.url, chat(), { "x-bf-vk": k.secret })).status).toBe(200);
      await settled();
      now = new Date(full);
      expect((await post(h.url, chat(), { "x-bf-vk": k.secret })).status).toBe(402);
      now = new Date(next);
      expect((await post(h.url, chat(), { "x-bf-vk": k.secret })).status).toBe(200);
      await settled();
      const [b] = await budgetsOf(k.id);
      expect(b.windowStart.toISOString()).toBe(windowStart);
      expect(Number(b.spentUsd)).toBeCloseTo(cost(7, 30), 12);
    });

  it("200 concurrent requests against a budget that fits 50 spend at most the budget", async () => {
    now = new Date("2026-03-11T12:00:00Z");
    h.up.options.promptTokens = CHAT_PROMPT_MAX; // actual cost = the reserved maximum: the tightest case
    h.up.options.completionTokens = 100;
    const maxCost = cost(CHAT_PROMPT_MAX, 100);
    const limit = Number((maxCost * 50).toFixed(10));
    const k = await keyWithBudget({ limit_usd: limit, window: "1d", mode: "calendar" });
    const replies = await Promise.all(Array.from({ length: 200 }, () => post(h.url, chat(), { "x-bf-vk": k.secret })));
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
