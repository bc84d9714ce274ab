// Global setup of the server-test projects: the migrations run once per test run into a template
// (a PGlite data directory, or a PostgreSQL database), and each test file's fresh database is a
// copy of it (tests/helpers/test-db.ts) instead of running the migrations again: 0.6 s a file
// instead of 5 s on PGlite. The copy is the same migrated schema, roles and RLS; files that test
// the migrations themselves create their database with `migrate: false` and apply them.
// A second template holds the same schema with the demo seeded by `npm run db:seed`, for the
// files that start from the seeded demo (ADR 0046): they copy it instead of seeding again.
// Both are made by the npm scripts in their own processes, as a deployment would: the migration
// engine (WebAssembly) keeps process-wide state, and both projects' setups run in the one Vitest
// process.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { RUNTIME_ROLE, urlAsRole } from "@/lib/db/config";
import { enableRuntimeLogin } from "@/lib/db/roles";
import { seedFingerprint } from "./seed-fingerprint";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated PGlite data directory to copy (server-pglite). */
    pgliteTemplateDir: string;
    /** A migrated PostgreSQL database to clone with CREATE DATABASE … TEMPLATE (server-postgresql). */
    pgTemplateDatabase: string;
    /** The same schema with the demo seeded: a directory (PGlite) or a database name (PostgreSQL). */
    seededTemplate: string;
    /** seedFingerprint() of the settings the seeded template was seeded under. */
    seededFingerprint: string;
    /** When it was seeded (ms since the epoch): its relative timestamps age from then. */
    seededAt: number;
  }
}

function npmRun(script: string, env: Record<string, string>): void {
  const clean = { ...process.env };
  for (const k of ["DATABASE_URL", "WARDEN_DB_OWNER_URL", "WARDEN_DATA_DIR"]) delete clean[k];
  execFileSync("npm", ["run", "--silent", script], { env: { ...clean, ...env }, stdio: "pipe" });
}

export async function makeTemplate(project: TestProject, kind: "pglite" | "postgresql") {
  // The settings the test files run under (vitest.config.ts's per-run keys), so that what the
  // seed seals and signs opens in the tests.
  const settings = Object.fromEntries(
    Object.entries(project.config.env ?? {}).map(([k, v]) => [k, String(v)]),
  ) as Record<string, string>;
  const seeded = (env: Record<string, string>) => {
    npmRun("db:seed", { ...settings, ...env });
    project.provide("seededFingerprint", seedFingerprint({ ...process.env, ...settings }));
    project.provide("seededAt", Date.now());
  };
  if (kind === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "warden-test-template-"));
    const seededDir = fs.mkdtempSync(path.join(os.tmpdir(), "warden-test-seeded-"));
    npmRun("db:migrate", { WARDEN_DATA_DIR: dir });
    project.provide("pgliteTemplateDir", dir);
    fs.cpSync(dir, seededDir, { recursive: true });
    seeded({ WARDEN_DATA_DIR: seededDir });
    project.provide("seededTemplate", seededDir);
    return () => {
      for (const d of [dir, seededDir]) fs.rmSync(d, { recursive: true, force: true });
    };
  }
  const url = process.env.WARDEN_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const suffix = randomBytes(6).toString("hex");
  const name = `warden_test_template_${suffix}`;
  const seededName = `warden_test_seeded_${suffix}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  };
  const at = (db: string) => {
    const u = new URL(url);
    u.pathname = `/${db}`;
    return u.toString();
  };
  await admin(`CREATE DATABASE ${name}`);
  npmRun("db:migrate", { DATABASE_URL: at(name) });
  project.provide("pgTemplateDatabase", name);
  await admin(`CREATE DATABASE ${seededName} TEMPLATE ${name}`);
  // The seed runs as the runtime role, as `npm run db:seed` does in a deployment (ADR 0014).
  await enableRuntimeLogin(at(seededName));
  seeded({ DATABASE_URL: urlAsRole(at(seededName), RUNTIME_ROLE) });
  project.provide("seededTemplate", seededName);
  return async () => {
    for (const db of [seededName, name]) await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  };
}
