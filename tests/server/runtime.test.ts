// Database runtime: one owner per PGlite directory, readable configuration errors,
// and the startup refusal of a role that could bypass row-level security.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertSafeAppRole } from "@/lib/db";
import { ConfigError, readDbConfig } from "@/lib/db/config";
import { seedDemo } from "@/lib/seed/seed-demo";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";
import { runScript } from "../helpers/run-script";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
});
afterAll(async () => {
  await t?.drop();
});

describe(`database runtime (${TEST_DB_KIND})`, () => {
  it("the application role passes the startup check", async () => {
    await expect(assertSafeAppRole(t.db)).resolves.toBeUndefined();
  });

  it("startup refuses an application role with BYPASSRLS, unless explicitly allowed", async () => {
    await t.db.prisma.$executeRawUnsafe(
      `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'warden_test_bypass') THEN CREATE ROLE warden_test_bypass NOLOGIN BYPASSRLS; END IF; END $$`,
    );
    await t.db.prisma.$executeRawUnsafe(`GRANT warden_test_bypass TO CURRENT_USER`);
    const unsafe = { ...t.db, config: { ...t.db.config, appRole: "warden_test_bypass" } };
    await expect(assertSafeAppRole(unsafe)).rejects.toThrow(/has BYPASSRLS.*Refusing to start/);
    const allowed = { ...unsafe, config: { ...unsafe.config, allowPrivilegedAppRole: true } };
    await expect(assertSafeAppRole(allowed)).resolves.toBeUndefined();
  });

  it("startup refuses a missing application role", async () => {
    const missing = { ...t.db, config: { ...t.db.config, appRole: "warden_role_that_does_not_exist" } };
    await expect(assertSafeAppRole(missing)).rejects.toThrow(ConfigError);
  });

  it("a malformed DATABASE_URL is one line, not a stack trace", () => {
    expect(() => readDbConfig({ DATABASE_URL: "not a url" })).toThrow(/DATABASE_URL is malformed/);
    expect(() => readDbConfig({ DATABASE_URL: "mysql://x@h/db" })).toThrow(/must start with postgresql/);
    const r = runScript("scripts/db-migrate.ts", { DATABASE_URL: "postgresql//nope" });
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/DATABASE_URL is malformed/)]);
  });

  it("an unreachable database is one line that names the problem and hides the password", () => {
    const r = runScript("scripts/db-migrate.ts", { DATABASE_URL: "postgresql://warden:s3cret@127.0.0.1:1/warden" });
    expect(r.status).not.toBe(0);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Cannot reach PostgreSQL at .*connection refused/);
    expect(lines[0]).not.toContain("s3cret");
  });
});
