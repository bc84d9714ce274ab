// The governance demo story: both tenants get providers, prices, keys, limits and 30 days of
// usage with some refusals; every console tab has rows; seeding twice adds nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dailyCost, tabData, TABS } from "@/lib/governance/overview";
import { seedDemo } from "@/lib/seed/seed-demo";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
});
afterAll(async () => {
  await t?.drop();
});

// Totals over both tenants: the owner's view (RLS binds every tenant transaction to one tenant).
const counts = () =>
  t.asOwner((tx) =>
    Promise.all([
      tx.provider.count(),
      tx.modelPrice.count(),
      tx.virtualKey.count(),
      tx.budget.count(),
      tx.rateLimit.count(),
      tx.usageRecord.count(),
    ]),
  );

// Rollups keyed by hour, 15 minutes or rate window: how many rows they hold depends on where those
// boundaries fell while seeding (the demo's timestamps are relative to then).
const TIME_BUCKETED = [
  "audit_rollup_hourly",
  "audit_access_failures_15m",
  "audit_login_networks",
  "usage_rollup_hourly",
  "usage_model_rollup_hourly",
  "rate_limit_counters",
];

// Every other table's row count, over all tenants.
async function rowCounts(db: TestDatabase): Promise<Record<string, number>> {
  return db.asOwner(async (tx) => {
    const tables = await tx.$queryRaw<{ name: string }[]>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`;
    const counts: Record<string, number> = {};
    for (const { name } of tables.filter((x) => !TIME_BUCKETED.includes(x.name)))
      counts[name] = Number((await tx.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${name}"`))[0].n);
    return counts;
  });
}

describe(`governance demo data (${TEST_DB_KIND})`, () => {
  it("the run's seeded template, which server tests copy, holds what seeding gives (ADR 0046)", async () => {
    const copy = await createTestDatabase({ seeded: true });
    try {
      expect(copy.fromSeededTemplate).toBe(true);
      const [copied, seeded] = [await rowCounts(copy), await rowCounts(t)];
      expect(Object.keys(copied).length).toBeGreaterThan(45);
      expect(copied.audit_entries).toBeGreaterThan(100);
      expect(copied).toEqual(seeded);
    } finally {
      await copy.drop();
    }
  });

  it("gives both tenants every governance table, usage over 30 days, and a few refusals", async () => {
    for (const slug of ["acme", "globex"]) {
      const tenant = { id: await tenantIdBySlug(t.db, slug) };
      await withTenant(
        tenant.id,
        async (tx) => {
          for (const tab of TABS)
            expect([slug, tab, (await tabData(tx, tab)).rows.length > 0]).toEqual([slug, tab, true]);
          const series = await dailyCost(tx);
          expect(series.length).toBeGreaterThanOrEqual(28);
          const refusals = await tx.usageRecord.groupBy({ by: ["status"], _count: true });
          const statuses = new Set(refusals.map((r) => r.status));
          expect(statuses.has("ok")).toBe(true);
          expect(statuses.has("rate_limited") || statuses.has("budget_exceeded")).toBe(true);
        },
        { db: t.db },
      );
    }
    expect((await counts())[5]).toBeGreaterThan(200);
  });

  it("one personal key is near its monthly budget, by its real spend, and the budget rule's alert says so", async () => {
    const tenant = { id: await tenantIdBySlug(t.db, "acme") };
    await withTenant(
      tenant.id,
      async (tx) => {
        const near = (await tx.budget.findMany({ where: { ownerType: "virtual_key" } })).filter(
          (b) => Number(b.spentUsd) / Number(b.limitUsd) > 0.8,
        );
        expect(near).toHaveLength(1);
        const b = near[0];
        const used = Number(b.spentUsd) / Number(b.limitUsd);
        expect(used).toBeLessThan(1); // near, not over: the key still works
        const spend = await tx.usageRecord.aggregate({
          _sum: { costUsd: true },
          where: { virtualKeyId: b.ownerId, status: "ok", ts: { gte: b.windowStart } },
        });
        expect(Number(b.spentUsd)).toBeCloseTo(Number(spend._sum.costUsd ?? 0), 8);
        const alert = await tx.monitoringAlert.findFirst({ where: { rule: { name: "Budget Threshold Alert" } } });
        expect(alert).not.toBeNull();
        const d = alert!.details as { value: number; figure: string; evidence: { href: string }[] };
        expect(d.value).toBeGreaterThan(80);
        // The alert names the key, not its id, and its evidence opens the budgets list searched for it.
        const key = await tx.virtualKey.findUniqueOrThrow({ where: { id: b.ownerId } });
        const limit = Number(b.limitUsd);
        expect(d.figure).toBe(
          `Virtual key "${key.name}": budget at ${d.value}% of $${limit >= 1 ? limit.toFixed(2) : limit.toPrecision(2)} (1M window)`,
        );
        expect(d.evidence[0].href).toBe(`/governance/budgets?q=${encodeURIComponent(key.name)}`);
      },
      { db: t.db },
    );
  });

  it("seeding again changes nothing", async () => {
    const before = await counts();
    await seedDemo(t.db);
    expect(await counts()).toEqual(before);
  });
});
