// The console's API-key actions re-check the signed-in actor on the server: no session, a
// viewer, or a developer reaching for an admin key are all refused, whatever the UI showed.
// Only the console session lookup is stubbed (the SSO work provides it); keys, hashing and
// the database are real.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PublicActor } from "@/lib/auth/actor";
import { setDbForTests } from "@/lib/db";
import { ROLE_PERMISSIONS, type BuiltInRole } from "@/lib/rbac/permissions";
import { seedDemo } from "@/lib/seed/seed-demo";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

const session = vi.hoisted(() => ({ actor: null as PublicActor | null }));
vi.mock("@/lib/auth/console", () => ({ getConsoleContext: async () => (session.actor ? { actor: session.actor } : null) }));

const { createKeyFromConsole, loadKeysPage, revokeKeyFromConsole } = await import("@/lib/auth/api-keys/console");

let t: TestDatabase;
let acme: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  setDbForTests(t.db);
  acme = (await t.db.prisma.tenant.findUniqueOrThrow({ where: { slug: "acme" } })).id;
});
afterAll(async () => {
  setDbForTests(undefined);
  await t?.drop();
});

function signIn(role: BuiltInRole | null) {
  session.actor = role && { subject: `usr_${role}`, tenantId: acme, tenantSlug: "acme", role, permissions: [...ROLE_PERMISSIONS[role]], authMethod: "session" };
}

describe(`console API-key actions (${TEST_DB_KIND})`, () => {
  it("refuse without a session and for a viewer", async () => {
    signIn(null);
    expect(await createKeyFromConsole({ name: "x", role: "viewer" })).toMatchObject({ ok: false, error: expect.stringMatching(/sign in/) });
    signIn("viewer");
    expect(await createKeyFromConsole({ name: "x", role: "viewer" })).toMatchObject({ ok: false, error: expect.stringMatching(/api_keys.write/) });
  });

  it("let a developer create a developer key but not an admin key", async () => {
    signIn("developer");
    const denied = await createKeyFromConsole({ name: "too much", role: "admin", ttl_days: 30 });
    expect(denied).toMatchObject({ ok: false, error: expect.stringMatching(/permissions you do not hold/) });
    const ok = await createKeyFromConsole({ name: "from the console", role: "developer", ttl_days: 30 });
    expect(ok.ok).toBe(true);
    if (!ok.ok) return;
    expect(ok.value).toMatchObject({ source: "console", created_by: "usr_developer", state: "active" });
    expect(ok.value.secret).toMatch(/^wdn_/);
    const page = await loadKeysPage(session.actor!);
    expect(page.keys.find((k) => k.id === ok.value.id)).not.toHaveProperty("secret");
    expect(await revokeKeyFromConsole(ok.value.id)).toMatchObject({ ok: true, value: { state: "revoked" } });
  });

  it("report invalid input as field issues, not a crash", async () => {
    signIn("admin");
    const out = await createKeyFromConsole({ name: "", role: "developer" });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.issues?.[0].path).toBe("name");
  });
});
