// The committed migrations, applied by the wasm schema engine, on an empty database of the kind
// selected by WARDEN_TEST_DB (pglite: a temp directory; postgresql: a fresh warden_test_<random>
// database on the local server, dropped afterwards).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbConfig } from "@/lib/db/config";
import { openDatabase, type Database } from "@/lib/db/runtime";
import { adminQuery, withDatabase } from "@/lib/db/migration-adapters";
import { migrationStatus } from "@/lib/db/migration-status";
import { applyMigrations } from "@/lib/db/schema-engine";

const kind = process.env.WARDEN_TEST_DB === "postgresql" ? "postgresql" : "pglite";
const ADMIN_URL = process.env.WARDEN_TEST_PG_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const SLOW = 120_000; // PGlite initdb and the wasm engine compile take seconds on CI machines

const committed = fs
  .readdirSync("prisma/migrations", { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe(`migrations on ${kind}`, () => {
  let db: Database;
  let cleanup: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const base = { appRole: "warden_app" };
    let config: DbConfig;
    if (kind === "postgresql") {
      const name = `warden_test_${randomBytes(6).toString("hex")}`;
      await adminQuery(ADMIN_URL, `CREATE DATABASE "${name}"`);
      cleanup = () => adminQuery(ADMIN_URL, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      config = { ...base, kind, url: withDatabase(ADMIN_URL, name), dataDir: os.tmpdir() };
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "warden-migrations-"));
      cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
      config = { ...base, kind, dataDir: dir };
    }
    db = await openDatabase(config);
  }, SLOW);

  afterAll(async () => {
    await db?.close();
    await cleanup();
  }, SLOW);

  it(
    "applies every committed migration to an empty database",
    async () => {
      expect(committed.some((n) => /^\d{14}_init$/.test(n))).toBe(true);
      expect(await migrationStatus(db)).toEqual({ applied: 0, pending: committed });
      const { applied } = await applyMigrations(db);
      expect(applied).toEqual(committed);
    },
    SLOW,
  );

  it(
    "applies nothing the second time",
    async () => {
      expect(await applyMigrations(db)).toEqual({ applied: [] });
      expect(await migrationStatus(db)).toEqual({ applied: committed.length, pending: [] });
    },
    SLOW,
  );

  it("records init in _prisma_migrations", async () => {
    const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string; done: boolean }[]>(
      `SELECT migration_name, finished_at IS NOT NULL AND rolled_back_at IS NULL AS done
         FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(committed);
    expect(rows.every((r) => r.done)).toBe(true);
    expect(rows[0].migration_name).toMatch(/_init$/);
  });

  it("creates warden_app without privileges that bypass row-level security", async () => {
    const [role] = await db.prisma.$queryRawUnsafe<
      { rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean; owned: number; history: boolean }[]
    >(
      `SELECT r.rolsuper, r.rolbypassrls, r.rolcanlogin,
              (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned,
              has_table_privilege(r.oid, 'public._prisma_migrations', 'SELECT') AS history
         FROM pg_roles r WHERE r.rolname = 'warden_app'`,
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcanlogin: false, owned: 0, history: false });
  });

  it("forces row-level security on tenants and every table with tenant_id", async () => {
    // Policies: tenant_isolation for everyone; the only other kinds are read-only: the definer's
    // system_lookup (ADR 0014), on the five tables the pre-tenant lookups read, and the platform's
    // platform_health (ADR 0032), on the five tables its tenant overview counts from, and the
    // platform's platform_support (ADR 0037) on support_grants, for an operator's own grants.
    const tables = await db.prisma.$queryRawUnsafe<
      { relname: string; rls: boolean; forced: boolean; policies: string[] }[]
    >(
      `SELECT c.relname, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
              ARRAY(SELECT p.polname || ':' || p.polcmd::text || ':' ||
                           coalesce((SELECT string_agg(CASE WHEN r = 0 THEN 'public' ELSE r::regrole::text END, ',') FROM unnest(p.polroles) r), '')
                      FROM pg_policy p WHERE p.polrelid = c.oid ORDER BY p.polname) AS policies
         FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
          AND (c.relname = 'tenants' OR EXISTS (SELECT 1 FROM pg_attribute a
                 WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped))`,
    );
    expect(tables.map((t) => t.relname)).toContain("tenants");
    expect(tables.length).toBeGreaterThan(1);
    const lookedUp = ["api_keys", "identity_providers", "scim_tokens", "tenants", "virtual_keys"];
    const counted = ["audit_heads", "audit_verifications", "tenants", "usage_rollup_hourly", "users"];
    for (const t of tables) {
      const expected = [
        ...(counted.includes(t.relname) ? ["platform_health:r:warden_platform"] : []),
        ...(t.relname === "support_grants" ? ["platform_support:r:warden_platform"] : []),
        ...(lookedUp.includes(t.relname) ? ["system_lookup:r:warden_definer"] : []),
        "tenant_isolation:*:public",
      ];
      expect(t, t.relname).toMatchObject({ rls: true, forced: true, policies: expected });
    }
    // ADR 0035: the wrapped tenant keys. The keyholder reads, inserts and (for the owner's purge)
    // deletes; the platform reads fingerprints (column grants keep it off the wrapped key).
    const keys = await db.prisma.$queryRawUnsafe<{ rls: boolean; forced: boolean; policies: string[] }[]>(
      `SELECT c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
              ARRAY(SELECT p.polname || ':' || p.polcmd::text || ':' || (SELECT string_agg(r::regrole::text, ',') FROM unnest(p.polroles) r)
                      FROM pg_policy p WHERE p.polrelid = c.oid ORDER BY p.polname) AS policies
         FROM pg_class c WHERE c.oid = 'warden_keys.tenant_keys'::regclass`,
    );
    expect(keys).toEqual([
      {
        rls: true,
        forced: true,
        policies: [
          "keyholder_insert:a:warden_keyholder",
          "keyholder_read:r:warden_keyholder",
          "keyholder_shred:d:warden_keyholder",
          "platform_fingerprint:r:warden_platform",
        ],
      },
    ]);
  });
});
