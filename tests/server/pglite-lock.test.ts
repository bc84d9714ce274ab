// PGlite directory ownership: a second process is refused with a clear message and the
// owner's data is intact. Always runs on PGlite (the embedded database is what it protects).
import { createTenant } from "@/lib/tenancy/provision";
import { tenantBySlug } from "@/lib/tenancy/system";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { runScript } from "../helpers/run-script";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase({ kind: "pglite", seeded: true });
});
afterAll(async () => {
  await t?.drop();
});

describe("PGlite directory lock", () => {
  it("a second process opening the same PGlite directory fails fast, and the owner's data is intact", async () => {
    const users = () => t.asOwner((tx) => tx.user.count());
    const before = await users();
    const r = runScript("scripts/db-migrate.ts", t.env);
    expect(r.status).not.toBe(0);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/in use by another Warden process \(pid \d+\)/);
    // The owner still reads and writes.
    expect(await users()).toBe(before);
    const tenant = await createTenant({ slug: "lock-check", name: "Lock check" }, t.db);
    expect((await tenantBySlug("lock-check", t.db))?.id).toBe(tenant.id);
  });

  it("a lock left by a dead process is taken over", async () => {
    const fs = await import("node:fs");
    const path = await import("node:path");
    const { lockDataDir } = await import("@/lib/db/pglite-lock");
    const dir = fs.mkdtempSync(path.join((await import("node:os")).tmpdir(), "warden-lock-"));
    fs.writeFileSync(path.join(dir, "warden.lock"), "2147483646");
    const lock = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, "warden.lock"), "utf8")).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(path.join(dir, "warden.lock"))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
