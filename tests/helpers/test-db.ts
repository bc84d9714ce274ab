// A fresh, migrated database per test file: a temporary PGlite directory, or a new
// PostgreSQL database on WARDEN_TEST_PG_URL's server, chosen by WARDEN_TEST_DB.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { readDbConfig, type DbConfig } from "@/lib/db/config";
import { openDatabase, type Database } from "@/lib/db/runtime";
import { applyMigrations } from "@/lib/db/schema-engine";

export const TEST_DB_KIND = (process.env.WARDEN_TEST_DB ?? "pglite") as "pglite" | "postgresql";
export const TEST_PG_URL = process.env.WARDEN_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  db: Database;
  config: DbConfig;
  /** Environment that points another process at the same database. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createTestDatabase(opts: { migrate?: boolean; kind?: "pglite" | "postgresql" } = {}): Promise<TestDatabase> {
  const migrate = opts.migrate ?? true;
  if ((opts.kind ?? TEST_DB_KIND) === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "warden-test-"));
    const env = { WARDEN_DATA_DIR: dir };
    const config = readDbConfig(env);
    const db = await openDatabase(config);
    if (migrate) await applyMigrations(db);
    return {
      db,
      config,
      env,
      drop: async () => {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `warden_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(TEST_PG_URL, name);
  const env = { DATABASE_URL: url };
  const config = readDbConfig(env);
  const db = await openDatabase(config);
  if (migrate) await applyMigrations(db);
  return {
    db,
    config,
    env,
    drop: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
