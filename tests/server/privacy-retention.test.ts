// Retention per data class: the job removes usage records, stored bodies and (through the audit
// pruning and its signed anchor) audit entries past each class's limit, reports the counts in a
// privacy.retention.run entry, and the chain still verifies. A dry run removes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAudit } from "@/lib/audit/append";
import { verifyChain } from "@/lib/audit/verify";
import { runRetention, putRetention, getRetention } from "@/lib/privacy/retention";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { createGovTenant, pointProcessDbAt, type GovTenant } from "../helpers/gateway-setup";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

let t: TestDatabase;
let g: GovTenant;
let other: GovTenant;
const DAY = 86_400_000;
const now = new Date();
const ago = (d: number) => new Date(now.getTime() - d * DAY);

// Both tenants have audit chains: pruning runs on the owner connection, which RLS does not bind
// when it is a superuser (as here), so the audit code filters by tenant explicitly too.
async function fill(x: GovTenant) {
  await withTenant(
    x.tenantId,
    async (tx) => {
      for (const [i, d] of [400, 200, 10].entries()) {
        await tx.usageRecord.create({
          data: {
            tenantId: x.tenantId,
            requestId: `r${i}`,
            userId: x.userId,
            status: "ok",
            httpStatus: 200,
            ts: ago(d),
          },
        });
        await tx.gatewayBody.create({
          data: {
            tenantId: x.tenantId,
            requestId: `r${i}`,
            userId: x.userId,
            model: "m",
            promptSealed: "sealed",
            createdAt: ago(d),
          },
        });
        await appendAudit(tx, {
          action: "user.update",
          outcome: "success",
          actor: { kind: "system", subject: "system" },
          at: ago(d),
        });
      }
    },
    { db: t.db },
  );
}

beforeAll(async () => {
  t = await createTestDatabase();
  pointProcessDbAt(t.db);
  g = await createGovTenant(t.db, "ret", "http://127.0.0.1:9");
  other = await createGovTenant(t.db, "ret-other", "http://127.0.0.1:9");
  await fill(g);
  await fill(other);
  await withTenant(
    g.tenantId,
    (tx) => putRetention(tx, g.actor, { audit_entries: 300, usage_records: 100, request_bodies: 30 }),
    { db: t.db },
  );
});

afterAll(async () => {
  await t?.drop();
});

describe(`retention job (${TEST_DB_KIND})`, () => {
  it("settings per data class read back, audit retention is the audit's own setting", async () => {
    const r = await withTenant(g.tenantId, (tx) => getRetention(tx), { db: t.db });
    expect(r).toEqual({ audit_entries: 300, usage_records: 100, request_bodies: 30 });
    const s = await withTenant(g.tenantId, (tx) => tx.auditSettings.findFirst(), { db: t.db });
    expect(s?.retentionDays).toBe(300);
  });

  it("a dry run counts without removing", async () => {
    const r = await runRetention(g.tenantId, { db: t.db, now, dryRun: true });
    expect(r.removed).toEqual({ audit_entries: 1, usage_records: 2, request_bodies: 2 });
    expect(await withTenant(g.tenantId, (tx) => tx.usageRecord.count(), { db: t.db })).toBe(3);
  });

  it("removes what is past each limit, reports it, leaves the other tenant alone, and the chain verifies", async () => {
    const r = await runRetention(g.tenantId, { db: t.db, now });
    expect(r.audit_skipped).toBeUndefined();
    expect(r.removed).toEqual({ audit_entries: 1, usage_records: 2, request_bodies: 1 + 1 });
    const left = await withTenant(
      g.tenantId,
      async (tx) => ({
        usage: await tx.usageRecord.count(),
        bodies: await tx.gatewayBody.count(),
        oldest: await tx.auditEntry.findFirst({ orderBy: { seq: "asc" } }),
      }),
      { db: t.db },
    );
    expect([left.usage, left.bodies]).toEqual([1, 1]);
    expect(left.oldest!.ts.getTime()).toBeGreaterThan(ago(300).getTime());
    const run = await withTenant(
      g.tenantId,
      (tx) =>
        tx.auditEntry.findFirst({
          where: { action: "privacy.retention.run", details: { path: ["dry_run"], equals: false } },
        }),
      { db: t.db },
    );
    expect(run?.details).toMatchObject({ removed: { usage_records: 2, request_bodies: 2, audit_entries: 1 } });
    expect((await withTenant(g.tenantId, (tx) => verifyChain(tx), { db: t.db })).verified).toBe(true);
    expect(await withTenant(other.tenantId, (tx) => tx.usageRecord.count(), { db: t.db })).toBe(3);
    expect(await withTenant(other.tenantId, (tx) => tx.auditEntry.count(), { db: t.db })).toBe(3);
    expect((await withTenant(other.tenantId, (tx) => verifyChain(tx), { db: t.db })).verified).toBe(true);
  });
});
