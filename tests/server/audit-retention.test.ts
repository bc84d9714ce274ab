// Retention prunes the oldest entries behind a signed anchor; the rest of the chain still
// verifies, and a pruned chain without its anchor does not. Also: scheduled verification records.
import { createTenant } from "@/lib/tenancy/provision";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAudit } from "@/lib/audit/append";
import { pruneTenant } from "@/lib/audit/retention";
import { runScheduledVerification } from "@/lib/audit/verification";
import { verifyChain } from "@/lib/audit/verify";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

let t: TestDatabase;
let tenant: string;
const day = 86_400_000;

beforeAll(async () => {
  t = await createTestDatabase();
  tenant = (await createTenant({ slug: "retain", name: "Retain" }, t.db)).id;
  for (let i = 0; i < 20; i++) {
    await withTenant(
      tenant,
      (tx) =>
        appendAudit(tx, {
          action: "auth.login",
          outcome: "success",
          actor: { kind: "system", subject: "system" },
          at: new Date(Date.now() - (20 - i) * day + 3_600_000),
        }),
      { db: t.db },
    );
  }
  await withTenant(tenant, (tx) => tx.auditSettings.create({ data: { tenantId: tenant, retentionDays: 10 } }), {
    db: t.db,
  });
});
afterAll(async () => {
  await t?.drop();
});

const verify = () => withTenant(tenant, (tx) => verifyChain(tx), { db: t.db });

describe(`retention (${TEST_DB_KIND})`, () => {
  it("prunes entries older than the retention and the remaining chain still verifies", async () => {
    const r = await pruneTenant(tenant, { db: t.db });
    expect(r.pruned).toBe(10);
    expect(r.anchor_seq).toBe(10);
    const left = await withTenant(tenant, (tx) => tx.auditEntry.findMany({ orderBy: { seq: "asc" } }), { db: t.db });
    expect(Number(left[0].seq)).toBe(11);
    expect(left.at(-1)?.action).toBe("audit.prune");
    expect(await verify()).toMatchObject({ verified: true, checked: 11 });
  });

  it("removing the anchor makes the pruned chain fail at its first missing seq", async () => {
    // A hostile writer with the owner's rights (the runtime role cannot delete checkpoints).
    await t.asOwner((tx) =>
      tx.$executeRawUnsafe(`DELETE FROM audit_checkpoints WHERE tenant_id = $1 AND kind = 'anchor'`, tenant),
    );
    expect(await verify()).toMatchObject({ verified: false, first_bad_seq: 1 });
  });

  it("scheduled verification records a result per tenant", async () => {
    const results = await runScheduledVerification({ db: t.db });
    expect(results.find((r) => r.tenantId === tenant)?.result.verified).toBe(false);
    const rows = await withTenant(tenant, (tx) => tx.auditVerification.findMany(), { db: t.db });
    expect(rows.some((v) => !v.verified && v.trigger === "scheduled")).toBe(true);
    const broken = await withTenant(
      tenant,
      (tx) => tx.auditEntry.findFirst({ where: { action: "audit.chain_broken" } }),
      { db: t.db },
    );
    expect(broken?.outcome).toBe("failure");
  });
});
