// Database runtime: one owner per PGlite directory, readable configuration errors, and the
// startup refusal of a login that could bypass row-level security (ADR 0014).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertSafeRuntimeRole } from "@/lib/db";
import { ConfigError, readDbConfig, urlAsRole } from "@/lib/db/config";
import { openDatabase, type Database } from "@/lib/db/runtime";
import { createTestDatabase, itOn, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";
import { runScript } from "../helpers/run-script";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
});
afterAll(async () => {
  await t?.drop();
});

/** Runs the startup check as `role` (a LOGIN on PostgreSQL; PGlite's one session switched to it). */
async function checkAs(role: string | null): Promise<void> {
  if (TEST_DB_KIND === "pglite") {
    const pglite = t.db.pglite!;
    await pglite.exec(`SET SESSION AUTHORIZATION ${role ?? "postgres"}`);
    try {
      await assertSafeRuntimeRole(t.db);
    } finally {
      await pglite.exec(`SET SESSION AUTHORIZATION postgres; SET SESSION AUTHORIZATION warden_runtime`);
    }
    return;
  }
  const owner = t.ownerEnv.DATABASE_URL;
  const db: Database = await openDatabase(readDbConfig({ DATABASE_URL: role ? urlAsRole(owner, role) : owner }));
  try {
    await assertSafeRuntimeRole(db);
  } finally {
    await db.close();
  }
}

// Cluster-wide test roles, created once and left for the next run (CREATE ROLE races are tolerated).
async function ensureRole(name: string, attrs: string): Promise<void> {
  await t.asOwner((tx) =>
    tx.$executeRawUnsafe(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${name}') THEN CREATE ROLE ${name} ${attrs}; END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`),
  );
  await t.asOwner((tx) => tx.$executeRawUnsafe(`GRANT warden_app TO ${name}`)).catch(() => {});
}

describe(`database runtime (${TEST_DB_KIND})`, () => {
  it("the runtime role passes the startup check", async () => {
    await expect(assertSafeRuntimeRole(t.db)).resolves.toBeUndefined();
  });

  it("startup refuses the owner / superuser login", async () => {
    await expect(checkAs(null)).rejects.toThrow(/is a superuser.*Refusing to start/);
  });

  it("startup refuses a login with BYPASSRLS", async () => {
    await ensureRole("warden_test_bypass", "LOGIN BYPASSRLS");
    await expect(checkAs("warden_test_bypass")).rejects.toThrow(
      /"warden_test_bypass" has BYPASSRLS.*Refusing to start/,
    );
  });

  it("startup refuses a login that owns an object, or can act as a role that does", async () => {
    await ensureRole("warden_test_owner", "LOGIN");
    await t.asOwner(async (tx) => {
      await tx.$executeRawUnsafe(`CREATE TABLE owned_by_the_test_login (x int)`);
      await tx.$executeRawUnsafe(`ALTER TABLE owned_by_the_test_login OWNER TO warden_test_owner`);
    });
    await expect(checkAs("warden_test_owner")).rejects.toThrow(
      /"warden_test_owner" owns 1 object\(s\).*Refusing to start/,
    );
    await ensureRole("warden_test_definer_member", "LOGIN");
    await t.asOwner((tx) => tx.$executeRawUnsafe(`GRANT warden_definer TO warden_test_definer_member`)).catch(() => {});
    await expect(checkAs("warden_test_definer_member")).rejects.toThrow(
      /can act as "warden_definer", which owns \d+ object/,
    );
  });

  it("startup refuses a login that cannot reach the application role, and a missing application role", async () => {
    await ensureRole("warden_test_stranger", "LOGIN");
    await t.asOwner((tx) => tx.$executeRawUnsafe(`REVOKE warden_app FROM warden_test_stranger`));
    await expect(checkAs("warden_test_stranger")).rejects.toThrow(/cannot switch to role "warden_app"/);
    const missing = { ...t.db, config: { ...t.db.config, appRole: "warden_role_that_does_not_exist" } };
    await expect(assertSafeRuntimeRole(missing)).rejects.toThrow(ConfigError);
  });

  itOn("postgresql")("a process started with the owner's URL refuses to serve", () => {
    const r = runScript("scripts/gateway.ts", { ...t.ownerEnv, GATEWAY_PORT: "1" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(
      /Database login "[^"]+" is a superuser, has BYPASSRLS(, owns the database)?: tenant isolation would not hold\. Refusing to start/,
    );
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
