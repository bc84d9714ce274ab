// A fresh, migrated database per test file: a temporary PGlite directory, or a new
// PostgreSQL database on WARDEN_TEST_PG_URL's server, chosen by WARDEN_TEST_DB.
//
// Tests use the database the way the app does (ADR 0014): the database is created by the
// superuser, migrated as the owner, and `db` then runs as the runtime role warden_runtime -- on
// PostgreSQL a connection that logs in as it, on PGlite the one session switched to it. Under
// RLS the runtime role sees nothing outside a tenant transaction, so fixtures are read through
// withTenant or lib/tenancy/system. `asOwner` is the explicit, rarely needed way around that
// (tampering as an attacker with the owner's rights would, counting across tenants).
import { inject, it, type ProvidedContext } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { readDbConfig, RUNTIME_ROLE, urlAsRole, type DbConfig } from "@/lib/db/config";
import { enableRuntimeLogin } from "@/lib/db/roles";
import { openDatabase, switchToRuntimeRole, type Database } from "@/lib/db/runtime";
import { applyMigrations } from "@/lib/db/schema-engine";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { seedFingerprint } from "../setup/seed-fingerprint";

export const TEST_DB_KIND = (process.env.WARDEN_TEST_DB ?? "pglite") as "pglite" | "postgresql";

/**
 * A test that exists for one database only: registered on that database's run and absent from
 * the other's (so neither run reports it as skipped).
 */
export function itOn(kind: "pglite" | "postgresql"): typeof it {
  return kind === TEST_DB_KIND ? it : ((() => undefined) as unknown as typeof it);
}
export const TEST_PG_URL = process.env.WARDEN_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  /** The database as the app uses it: the runtime role (the owner when created with migrate: false). */
  db: Database;
  config: DbConfig;
  /** Environment that points another process at the same database, as the runtime role. */
  env: Record<string, string>;
  /** The same database as its owner (migrations, or proving that the app refuses to run as it). */
  ownerEnv: Record<string, string>;
  /** One transaction as the schema owner, which RLS does not bind. Only for what no tenant may do. */
  asOwner<T>(fn: (tx: TenantTx) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
  /** Whether the seeded demo came from the run's seeded template rather than seeding here (ADR 0046). */
  fromSeededTemplate: boolean;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A fresh database per test file. `seeded: true` gives it the seeded demo (lib/seed/seed-demo.ts):
 * a copy of the run's seeded template when this file's settings match the ones it was seeded under
 * and it is younger than SEEDED_MAX_AGE_MS (ADR 0046), else seeded here, as the runtime role.
 */
export async function createTestDatabase(
  opts: { migrate?: boolean; seeded?: boolean; kind?: "pglite" | "postgresql" } = {},
): Promise<TestDatabase> {
  const t = await createDatabase(opts.migrate ?? true, opts.seeded ?? false, opts.kind ?? TEST_DB_KIND);
  if (opts.seeded && !t.fromSeededTemplate) {
    const { seedDemo } = await import("@/lib/seed/seed-demo");
    await seedDemo(t.db);
  }
  return t;
}

/**
 * How old the seeded template may be: the demo's timestamps are relative to when it was seeded
 * (30 days of history, keys that expire in days). The whole server suite passes on a template
 * seeded with its clock 60 minutes behind (ADR 0046); a run's files all start well within this.
 */
export const SEEDED_MAX_AGE_MS = 45 * 60_000;

/** The run's seeded template, when this file may copy it. */
function seededTemplate(kind: "pglite" | "postgresql"): string | undefined {
  const template = kind === TEST_DB_KIND ? provided("seededTemplate") : undefined;
  if (!template) return undefined;
  const fresh = Date.now() - Number(provided("seededAt")) < SEEDED_MAX_AGE_MS;
  return fresh && provided("seededFingerprint") === seedFingerprint(process.env) ? template : undefined;
}

async function createDatabase(migrate: boolean, seeded: boolean, kind: "pglite" | "postgresql"): Promise<TestDatabase> {
  const seededCopy = migrate && seeded ? seededTemplate(kind) : undefined;
  if (kind === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "warden-test-"));
    const env = { WARDEN_DATA_DIR: dir };
    const config = readDbConfig(env);
    // A copy of the run's migrated template (tests/setup/migrated-template.ts) where there is one.
    const template = seededCopy ?? (migrate ? provided("pgliteTemplateDir") : undefined);
    if (template) fs.cpSync(template, dir, { recursive: true });
    const db = await openDatabase(config);
    if (migrate) {
      if (!template) await applyMigrations(db);
      await switchToRuntimeRole(db);
    }
    return {
      fromSeededTemplate: seededCopy !== undefined,
      db,
      config,
      env,
      ownerEnv: env,
      // PGlite's one session can go back to its superuser for one transaction (the limit ADR 0014 states).
      asOwner: (fn) =>
        db.prisma.$transaction(async (tx) => {
          await tx.$executeRawUnsafe("SET LOCAL SESSION AUTHORIZATION postgres");
          return fn(tx);
        }),
      drop: async () => {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `warden_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  const template = seededCopy ?? (migrate ? provided("pgTemplateDatabase") : undefined);
  await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  await admin.end();
  const ownerUrl = withDatabase(TEST_PG_URL, name);
  const owner = await openDatabase(readDbConfig({ DATABASE_URL: ownerUrl }));
  let db = owner;
  let env = { DATABASE_URL: ownerUrl };
  if (migrate) {
    if (!template) await applyMigrations(owner);
    await enableRuntimeLogin(ownerUrl);
    env = { DATABASE_URL: urlAsRole(ownerUrl, RUNTIME_ROLE) };
    db = await openDatabase(readDbConfig(env));
  }
  return {
    fromSeededTemplate: seededCopy !== undefined,
    db,
    config: db.config,
    env,
    ownerEnv: { DATABASE_URL: ownerUrl },
    asOwner: (fn) => owner.prisma.$transaction((tx) => fn(tx), { timeout: 60_000 }),
    drop: async () => {
      await db.close();
      if (owner !== db) await owner.close();
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** What the project's global setup provided (nothing when a test runs outside it). */
function provided<K extends keyof ProvidedContext>(key: K): ProvidedContext[K] | undefined {
  try {
    return inject(key) || undefined;
  } catch {
    return undefined;
  }
}

/** A tenant's id by slug, through the same system lookup the app uses. */
export async function tenantIdBySlug(db: Database, slug: string): Promise<string> {
  const { tenantBySlug } = await import("@/lib/tenancy/system");
  const t = await tenantBySlug(slug, db);
  if (!t) throw new Error(`no tenant "${slug}"`);
  return t.id;
}
