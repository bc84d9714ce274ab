// Global setup of the server-test projects: the migrations run once per test run into a template
// (a PGlite data directory, or a PostgreSQL database), and each test file's fresh database is a
// copy of it (tests/helpers/test-db.ts) instead of running the migrations again: 0.6 s a file
// instead of 5 s on PGlite. The copy is the same migrated schema, roles and RLS; files that test
// the migrations themselves create their database with `migrate: false` and apply them.
// The template is migrated by `npm run db:migrate` in its own process, as a deployment would:
// the migration engine (WebAssembly) keeps process-wide state, and both projects' setups run in
// the one Vitest process.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated PGlite data directory to copy (server-pglite). */
    pgliteTemplateDir: string;
    /** A migrated PostgreSQL database to clone with CREATE DATABASE … TEMPLATE (server-postgresql). */
    pgTemplateDatabase: string;
  }
}

function dbMigrate(env: Record<string, string>): void {
  const clean = { ...process.env };
  for (const k of ["DATABASE_URL", "WARDEN_DB_OWNER_URL", "WARDEN_DATA_DIR"]) delete clean[k];
  execFileSync("npm", ["run", "--silent", "db:migrate"], { env: { ...clean, ...env }, stdio: "pipe" });
}

export async function makeTemplate(project: TestProject, kind: "pglite" | "postgresql") {
  if (kind === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "warden-test-template-"));
    dbMigrate({ WARDEN_DATA_DIR: dir });
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
  dbMigrate({ DATABASE_URL: u.toString() });
  project.provide("pgTemplateDatabase", name);
  return () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
