// Budget leases and the key cache: an idle lease goes back to PostgreSQL by itself, a dead
// process's lease is swept once it expires (and only then), and a revoked key is refused
// within the key cache's bound (1 s).
import { describe, expect, it } from "vitest";
import { settled } from "@/lib/gateway/core";
import { leaseFor, toUnits } from "@/lib/gateway/leases";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { CHAT_PROMPT_MAX, chat, gatewayForFile, mintKey, post, PRICE, setLimits } from "../helpers/gateway-setup";
import { TEST_DB_KIND } from "../helpers/test-db";

const h = gatewayForFile("leases", { promptTokens: CHAT_PROMPT_MAX, completionTokens: 100 });

const maxCost = (CHAT_PROMPT_MAX * PRICE.input + 100 * PRICE.output) / 1e6;
const budgetOf = async (ownerId: string) =>
  (await withTenant(h.g.tenantId, (tx) => tx.budget.findMany({ where: { ownerId } }), { db: h.t.db }))[0];
async function until<T>(probe: () => Promise<T>, done: (v: T) => boolean, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (done(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 20)); // polling a condition, not a fixed sleep
  }
}

describe(`budget leases and the key cache (${TEST_DB_KIND})`, () => {
  it("leases a slice, then gives unused headroom back when idle (no explicit flush)", async () => {
    const k = await mintKey(h.t.db, h.g);
    await setLimits(h.t.db, h.g, "virtual_key", k.id, { budgets: [{ limit_usd: 1, window: "1d", mode: "calendar" }] });
    expect((await post(h.url, chat(), { "x-bf-vk": k.secret })).status).toBe(200);
    const b = await until(
      () => budgetOf(k.id),
      (x) => Number(x.reservedUsd) === 0 && Number(x.spentUsd) > 0,
      5000,
    );
    expect(Number(b.reservedUsd)).toBe(0);
    expect(Number(b.spentUsd)).toBeCloseTo(maxCost, 12);
    expect(b.leaseExpiresAt).not.toBeNull();
  });

  it("a dead holder's reservation blocks the budget until its lease expires, then is swept", async () => {
    const k = await mintKey(h.t.db, h.g);
    await setLimits(h.t.db, h.g, "virtual_key", k.id, {
      budgets: [{ limit_usd: maxCost * 10, window: "1d", mode: "calendar" }],
    });
    const { id } = await budgetOf(k.id);
    const hold = (expires: Date) =>
      withTenant(
        h.g.tenantId,
        (tx) => tx.budget.update({ where: { id }, data: { reservedUsd: maxCost * 10, leaseExpiresAt: expires } }),
        { db: h.t.db },
      );
    await hold(new Date(Date.now() + 60_000)); // another process holds the whole budget
    expect((await post(h.url, chat(), { "x-bf-vk": k.secret })).status).toBe(402);
    await hold(new Date(Date.now() - 1000)); // ... and died: its lease expired
    expect((await post(h.url, chat(), { "x-bf-vk": k.secret })).status).toBe(200);
    await settled();
    const b = await budgetOf(k.id);
    expect(Number(b.reservedUsd)).toBe(0);
    expect(Number(b.spentUsd)).toBeCloseTo(maxCost, 12);
  });

  it("refills a slice in the background before it runs out, and never past the limit", async () => {
    const k = await mintKey(h.t.db, h.g);
    const need = toUnits(maxCost.toFixed(10));
    await setLimits(h.t.db, h.g, "virtual_key", k.id, {
      budgets: [{ limit_usd: maxCost * 45, window: "1d", mode: "calendar" }],
    });
    const { id } = await budgetOf(k.id);
    const lease = leaseFor(h.t.db, h.g.tenantId, id);
    const ws = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()));
    // The first slice (20 requests' worth) is acquired in the foreground.
    expect(await lease.take(need, ws)).toBe(true);
    expect(lease.granted).toBe(need * 20n);
    // Past half of it, the next take starts the next acquisition and returns without waiting for it.
    for (let i = 0; i < 10; i++) expect(await lease.take(need, ws)).toBe(true);
    expect(lease.pending).not.toBeNull();
    await lease.pending;
    // Sized by the admission rate (11 takes within a few ms ask for far more than 250 ms of
    // headroom), the slice is capped by what is left under the limit: the whole remainder.
    expect(lease.granted).toBe(need * 45n);
    // The limit (45 requests) caps the slices: 45 admitted, the 46th refused.
    let admitted = 11;
    while (await lease.take(need, ws)) admitted++;
    expect(admitted).toBe(45);
    for (let i = 0; i < admitted; i++) lease.finish(need, 0n);
    await settled();
    const b = await budgetOf(k.id);
    expect([Number(b.reservedUsd), Number(b.spentUsd)]).toEqual([0, 0]);
  });

  it("a revoked key is refused within the key cache's 1 s bound", async () => {
    const k = await mintKey(h.t.db, h.g);
    expect((await post(h.url, chat(), { "x-bf-vk": k.secret })).status).toBe(200); // now cached
    await withTenant(
      h.g.tenantId,
      (tx) => tx.virtualKey.update({ where: { id: k.id }, data: { revokedAt: new Date() } }),
      { db: h.t.db },
    );
    const revokedAt = Date.now();
    // The bound is on when a request is sent, not on when a slow machine answers it: a request sent
    // after the cache's 1 s (and the one background reload that follows, given 500 ms here) is
    // refused, so the last one admitted was sent before that.
    let lastAdmittedSentAt = revokedAt;
    const r = await until(
      async () => {
        const sentAt = Date.now();
        const res = await post(h.url, chat(), { "x-bf-vk": k.secret });
        if (res.status === 200) lastAdmittedSentAt = sentAt;
        return res;
      },
      (x) => x.status !== 200,
      3000,
    );
    expect([r.status, r.json().error?.type]).toEqual([403, "virtual_key_blocked"]);
    expect(lastAdmittedSentAt - revokedAt).toBeLessThan(1000 + 500);
  });
});
