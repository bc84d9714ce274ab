// Global setup of the server-test projects: the migrations run once per test run into a template
// (a PGlite data directory, or a PostgreSQL database), and each test file's fresh database is a
// copy of it (tests/helpers/test-db.ts) instead of running the migrations again: 0.6 s a file
// instead of 5 s on PGlite. The copy is the same migrated schema, roles and RLS; files that test
// the migrations themselves create their database with `migrate: false` and apply them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { readDbConfig } from "@/lib/db/config";
import { openDatabase } from "@/lib/db/runtime";
import { applyMigrations } from "@/lib/db/schema-engine";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated PGlite data directory to copy (server-pglite). */
    pgliteTemplateDir: string;
    /** A migrated PostgreSQL database to clone with CREATE DATABASE … TEMPLATE (server-postgresql). */
    pgTemplateDatabase: string;
  }
}

export async function makeTemplate(project: TestProject, kind: "pglite" | "postgresql") {
  if (kind === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "warden-test-template-"));
    const db = await openDatabase(readDbConfig({ WARDEN_DATA_DIR: dir }));
    await applyMigrations(db);
    await db.close();
    project.provide("pgliteTemplateDir", dir);
    return () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env.WARDEN_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `warden_test_template_${randomBytes(6).toString("hex")}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openDatabase(readDbConfig({ DATABASE_URL: u.toString() }));
  await applyMigrations(db);
  await db.close();
  project.provide("pgTemplateDatabase", name);
  return () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
