// Row-level security holds on every tenant-owned table, on PGlite and on PostgreSQL:
// a tenant sees only its rows, cannot write another tenant's, and with no tenant set sees nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "@/lib/seed/seed-demo";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

let t: TestDatabase;
let acme: string;
let globex: string;
let tables: string[];

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  acme = await tenantIdBySlug(t.db, "acme");
  globex = await tenantIdBySlug(t.db, "globex");
  const rows = await t.db.prisma.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.columns
     WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY table_name`;
  tables = rows.map((r) => r.table_name);
});

afterAll(async () => {
  await t?.drop();
});

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
// The ground truth RLS is compared with: the owner's view, which RLS does not bind.
const ownerRows = <T>(sql: string, ...args: unknown[]) => t.asOwner((tx) => tx.$queryRawUnsafe<T[]>(sql, ...args));

describe(`tenant isolation (${TEST_DB_KIND})`, () => {
  it("finds the core tenant tables", () => {
    expect(tables).toEqual(expect.arrayContaining(["users", "customers", "teams", "team_memberships"]));
  });

  it("every table with tenant_id has RLS enabled and forced, and a USING + WITH CHECK policy on app.tenant_id", async () => {
    const meta = await t.db.prisma.$queryRaw<
      { relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }[]
    >`
      SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r','p')`;
    const policies = await t.db.prisma.$queryRaw<
      { tablename: string; qual: string | null; with_check: string | null }[]
    >`
      SELECT tablename, qual, with_check FROM pg_policies WHERE schemaname = 'public'`;
    const failures: string[] = [];
    for (const table of tables) {
      const m = meta.find((x) => x.relname === table);
      if (!m?.relrowsecurity) failures.push(`${table}: RLS not enabled`);
      if (!m?.relforcerowsecurity) failures.push(`${table}: RLS not forced`);
      const ok = policies.some(
        (p) =>
          p.tablename === table &&
          /tenant_id = current_setting\('app\.tenant_id'::text, true\)/.test(p.qual ?? "") &&
          /tenant_id = current_setting\('app\.tenant_id'::text, true\)/.test(p.with_check ?? ""),
      );
      if (!ok) failures.push(`${table}: no USING + WITH CHECK policy on app.tenant_id`);
    }
    expect(failures).toEqual([]);
  });

  it("with tenant A set, an unfiltered SELECT returns only A's rows", async () => {
    for (const table of tables) {
      const owner = await ownerRows<{ n: bigint }>(`SELECT count(*) AS n FROM ${q(table)} WHERE tenant_id = $1`, acme);
      const seen = await withTenant(
        acme,
        (tx) => tx.$queryRawUnsafe<{ tenant_id: string }[]>(`SELECT tenant_id FROM ${q(table)}`),
        { db: t.db },
      );
      expect(seen.length, table).toBe(Number(owner[0].n));
      expect(new Set(seen.map((r) => r.tenant_id)), table).toEqual(seen.length ? new Set([acme]) : new Set());
    }
  });

  it("with tenant A set, inserting a row for tenant B fails", async () => {
    for (const table of tables) {
      const [row] = await ownerRows<{ r: Record<string, unknown> }>(
        `SELECT to_jsonb(x) AS r FROM ${q(table)} x WHERE tenant_id = $1 LIMIT 1`,
        globex,
      );
      expect(row, `${table} has seeded rows for B`).toBeTruthy();
      const copy = { ...row.r };
      if ("id" in copy) copy.id = `${String(copy.id)}_copy`;
      if ("email" in copy) copy.email = `copy.${String(copy.email)}`;
      if ("name" in copy && table !== "users") copy.name = `${String(copy.name)} copy`;
      await expect(
        withTenant(
          acme,
          (tx) =>
            tx.$executeRawUnsafe(
              `INSERT INTO ${q(table)} SELECT * FROM jsonb_populate_record(NULL::${q(table)}, $1::jsonb)`,
              JSON.stringify(copy),
            ),
          { db: t.db },
        ),
        table,
      ).rejects.toThrow(/row-level security|row level security/i);
    }
  });

  it("with tenant A set, updating or deleting B's rows affects 0 rows, and B's rows survive", async () => {
    for (const table of tables) {
      const before = await ownerRows<{ n: bigint }>(
        `SELECT count(*) AS n FROM ${q(table)} WHERE tenant_id = $1`,
        globex,
      );
      // Append-only tables (the audit trail) refuse UPDATE/DELETE outright: as good as 0 rows.
      const orZero = (p: Promise<number>) =>
        p.catch((e: Error) => (/permission denied/i.test(e.message) ? 0 : Promise.reject(e)));
      const updated = await orZero(
        withTenant(
          acme,
          (tx) => tx.$executeRawUnsafe(`UPDATE ${q(table)} SET tenant_id = tenant_id WHERE tenant_id = $1`, globex),
          { db: t.db },
        ),
      );
      const deleted = await orZero(
        withTenant(acme, (tx) => tx.$executeRawUnsafe(`DELETE FROM ${q(table)} WHERE tenant_id = $1`, globex), {
          db: t.db,
        }),
      );
      expect([table, updated, deleted]).toEqual([table, 0, 0]);
      const after = await ownerRows<{ n: bigint }>(
        `SELECT count(*) AS n FROM ${q(table)} WHERE tenant_id = $1`,
        globex,
      );
      expect(Number(after[0].n), table).toBe(Number(before[0].n));
      expect(Number(after[0].n), table).toBeGreaterThan(0);
    }
  });

  it("a tenant cannot re-home its own row into another tenant", async () => {
    await expect(
      withTenant(acme, (tx) => tx.$executeRawUnsafe(`UPDATE "users" SET tenant_id = $1`, globex), { db: t.db }),
    ).rejects.toThrow(/row-level security|row level security/i);
  });

  it("a row cannot reference another tenant's row (composite keys)", async () => {
    const globexTeam = await withTenant(globex, (tx) => tx.team.findFirstOrThrow(), { db: t.db });
    const acmeUser = await withTenant(acme, (tx) => tx.user.findFirstOrThrow(), { db: t.db });
    await expect(
      withTenant(
        acme,
        (tx) => tx.teamMembership.create({ data: { tenantId: acme, teamId: globexTeam.id, userId: acmeUser.id } }),
        { db: t.db },
      ),
    ).rejects.toThrow();
  });

  it("with no tenant set, the runtime role and the application role see nothing", async () => {
    const role = t.db.config.appRole;
    for (const table of [...tables, "tenants"]) {
      const asRuntime = await t.db.prisma.$queryRawUnsafe<unknown[]>(`SELECT * FROM ${q(table)}`);
      const asApp = await t.db.prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL ROLE "${role}"`);
        return tx.$queryRawUnsafe<unknown[]>(`SELECT * FROM ${q(table)}`);
      });
      expect([table, asRuntime.length, asApp.length]).toEqual([table, 0, 0]);
    }
  });

  it("the tenants table shows the application role only its own tenant", async () => {
    const rows = await withTenant(acme, (tx) => tx.tenant.findMany(), { db: t.db });
    expect(rows.map((r) => r.id)).toEqual([acme]);
  });

  it("refuses to open a transaction without a valid tenant id", async () => {
    await expect(withTenant("", async () => 1, { db: t.db })).rejects.toThrow(/tenant/);
    await expect(withTenant("x' OR '1'='1", async () => 1, { db: t.db })).rejects.toThrow(/tenant/);
  });

  it("seeding twice changes nothing", async () => {
    const count = () =>
      t.asOwner((tx) =>
        Promise.all([tx.user.count(), tx.team.count(), tx.teamMembership.count(), tx.customer.count()]),
      );
    const before = await count();
    await seedDemo(t.db);
    expect(await count()).toEqual(before);
  });
});
