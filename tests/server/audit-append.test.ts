// appendAudit: gap-free per-tenant seq, same-transaction semantics, pseudonymous actors,
// and fail-closed keys — on PGlite and PostgreSQL.
import { createTenant } from "@/lib/tenancy/provision";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAudit } from "@/lib/audit/append";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

let t: TestDatabase;
let tenant: string;
const actor = { kind: "user", subject: "usr_alice0001", userId: "usr_alice0001", authMethod: "session" as const };

beforeAll(async () => {
  t = await createTestDatabase();
  tenant = (await createTenant({ slug: "append-a", name: "Append A" }, t.db)).id;
});
afterAll(async () => {
  await t?.drop();
});

const entries = () => withTenant(tenant, (tx) => tx.auditEntry.findMany({ orderBy: { seq: "asc" } }), { db: t.db });

describe(`appendAudit (${TEST_DB_KIND})`, () => {
  it("writes seq 1..n linked by prev_hash, with the category from the taxonomy", async () => {
    for (let i = 0; i < 3; i++) {
      await withTenant(
        tenant,
        (tx) => appendAudit(tx, { action: "auth.login", outcome: "success", actor, ip: "10.0.0.1" }),
        { db: t.db },
      );
    }
    const rows = await entries();
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    expect(rows[0].prevHash).toBe("0".repeat(64));
    expect(rows[1].prevHash).toBe(rows[0].hash);
    expect(rows[2].prevHash).toBe(rows[1].hash);
    expect(rows[0].category).toBe("access");
    expect(rows[0].ipRef).toMatch(/^[0-9a-f]{32}$/);
    expect(rows[0].keyId).toBe("t.k1"); // sealed under the tenant's own key (ADR 0035)
  });

  it("a rolled-back business transaction leaves no entry and no gap", async () => {
    await expect(
      withTenant(
        tenant,
        async (tx) => {
          await appendAudit(tx, { action: "user.delete", outcome: "success", actor });
          throw new Error("business failure");
        },
        { db: t.db },
      ),
    ).rejects.toThrow("business failure");
    await withTenant(tenant, (tx) => appendAudit(tx, { action: "user.update", outcome: "success", actor }), {
      db: t.db,
    });
    const rows = await entries();
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4]);
    expect(rows.map((r) => r.action)).not.toContain("user.delete");
  });

  it("keeps e-mails out of the chain: a typed e-mail becomes a pseudonymous ref, the e-mail goes to audit_subjects", async () => {
    const email = "mallory@example.com";
    const e = await withTenant(
      tenant,
      (tx) =>
        appendAudit(tx, { action: "auth.login_failed", outcome: "failure", actor: { kind: "user", subject: email } }),
      { db: t.db },
    );
    const row = await withTenant(tenant, (tx) => tx.auditEntry.findUniqueOrThrow({ where: { id: e.id } }), {
      db: t.db,
    });
    expect(row.actorRef).toMatch(/^anon_[0-9a-f]{32}$/);
    expect(JSON.stringify({ ...row, seq: Number(row.seq) })).not.toContain("mallory");
    const subject = await withTenant(tenant, (tx) => tx.auditSubject.findFirst({ where: { actorRef: row.actorRef } }), {
      db: t.db,
    });
    expect(subject?.email).toBe(email);
  });

  it("fails closed when WARDEN_AUDIT_KEY is missing", async () => {
    const saved = process.env.WARDEN_AUDIT_KEY;
    delete process.env.WARDEN_AUDIT_KEY;
    try {
      await expect(
        withTenant(tenant, (tx) => appendAudit(tx, { action: "auth.login", outcome: "success", actor }), { db: t.db }),
      ).rejects.toThrow(/WARDEN_AUDIT_KEY/);
    } finally {
      process.env.WARDEN_AUDIT_KEY = saved;
    }
  });

  it("refuses to append outside a tenant transaction", async () => {
    await expect(
      t.db.prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL ROLE "${t.db.config.appRole}"`);
        return appendAudit(tx, { action: "auth.login", outcome: "success", actor });
      }),
    ).rejects.toThrow();
  });
});
