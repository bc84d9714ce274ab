// Concurrent appenders (real parallel transactions on PostgreSQL; PGlite serializes them) leave
// every tenant's chain gap-free and verifiable; key rotation keeps old entries verifiable.
import { createTenant } from "@/lib/tenancy/provision";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAudit } from "@/lib/audit/append";
import { verifyChain } from "@/lib/audit/verify";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

const tenantNamed = async (slug: string) => (await createTenant({ slug, name: slug }, t.db)).id;
const verify = (tenant: string) => withTenant(tenant, (tx) => verifyChain(tx), { db: t.db });
const seqs = async (tenant: string) =>
  (
    await withTenant(tenant, (tx) => tx.auditEntry.findMany({ orderBy: { seq: "asc" }, select: { seq: true } }), {
      db: t.db,
    })
  ).map((r) => Number(r.seq));

describe(`concurrent appends (${TEST_DB_KIND})`, () => {
  it("50 concurrent appenders across 2 tenants leave both chains gap-free and valid", async () => {
    const [a, b] = [await tenantNamed("conc-a"), await tenantNamed("conc-b")];
    let overlapped = 0;
    let inFlight = 0;
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        withTenant(
          i % 2 ? b : a,
          async (tx) => {
            inFlight++;
            overlapped = Math.max(overlapped, inFlight);
            try {
              // business work before the append, so transactions really overlap on PostgreSQL
              await tx.$executeRaw`SELECT pg_sleep(0.005)`;
              return await appendAudit(tx, {
                action: "api_key.create",
                outcome: "success",
                actor: { kind: "system", subject: "system" },
                details: { i },
              });
            } finally {
              inFlight--;
            }
          },
          { db: t.db },
        ),
      ),
    );
    if (TEST_DB_KIND === "postgresql") expect(overlapped).toBeGreaterThan(1);
    for (const tenant of [a, b]) {
      expect(await seqs(tenant)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(await verify(tenant)).toMatchObject({ verified: true, checked: 50 });
    }
  });

  it("rotating the chain key keeps the whole chain verifiable; a retired master is needed only by entries sealed under it", async () => {
    const tenant = await tenantNamed("rotate");
    const saved = {
      key: process.env.WARDEN_AUDIT_KEY,
      id: process.env.WARDEN_AUDIT_KEY_ID,
      old: process.env.WARDEN_AUDIT_KEYS_JSON,
    };
    const add = () =>
      withTenant(
        tenant,
        (tx) =>
          appendAudit(tx, { action: "auth.login", outcome: "success", actor: { kind: "system", subject: "system" } }),
        { db: t.db },
      );
    try {
      await add();
      await add();
      process.env.WARDEN_AUDIT_KEYS_JSON = JSON.stringify({ k1: saved.key });
      process.env.WARDEN_AUDIT_KEY_ID = "k2";
      process.env.WARDEN_AUDIT_KEY = Buffer.alloc(32, 7).toString("base64");
      await add();
      const keyIds = (
        await withTenant(tenant, (tx) => tx.auditEntry.findMany({ orderBy: { seq: "asc" } }), { db: t.db })
      ).map((r) => r.keyId);
      // A tenant with its own key (ADR 0035) seals under "t.<master id>": rotation changes the id
      // and the derived chain key, and the old entries keep verifying.
      expect(keyIds).toEqual(["t.k1", "t.k1", "t.k2"]);
      expect(await verify(tenant)).toMatchObject({ verified: true, checked: 3 });
      // Its chain derives from the tenant key, not from the retired master: dropping k1 does not
      // break it, while an entry sealed under the master id k1 (a tenant older than tenant keys)
      // would no longer find its key.
      delete process.env.WARDEN_AUDIT_KEYS_JSON;
      expect(await verify(tenant)).toMatchObject({ verified: true, checked: 3 });
      const { tenantKey } = await import("@/lib/audit/keys");
      expect(() => tenantKey(tenant, "k1")).toThrow(/unknown audit key id k1/);
      expect(() => tenantKey(tenant, "k2")).not.toThrow();
    } finally {
      process.env.WARDEN_AUDIT_KEY = saved.key;
      if (saved.id === undefined) delete process.env.WARDEN_AUDIT_KEY_ID;
      else process.env.WARDEN_AUDIT_KEY_ID = saved.id;
      if (saved.old === undefined) delete process.env.WARDEN_AUDIT_KEYS_JSON;
      else process.env.WARDEN_AUDIT_KEYS_JSON = saved.old;
    }
  });

  it("tenant keys differ: a chain sealed for one tenant does not verify as another's", async () => {
    const { tenantKey } = await import("@/lib/audit/keys");
    expect(tenantKey("tn_a", "k1").equals(tenantKey("tn_b", "k1"))).toBe(false);
  });
});
