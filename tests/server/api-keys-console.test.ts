// The console's API-key actions are declared with action() and re-check the actor on the
// server: no session, a viewer, or a developer reaching for an admin key are all refused,
// whatever the UI showed, and the escalation attempt is audited. Keys, hashing and the
// database are real; only Next's revalidatePath (which needs a live request) is recorded.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { toPublicActor } from "@/lib/auth/actor";
import { setDbForTests } from "@/lib/db";
import { openSeededConsole, runAction, type Caller } from "../helpers/callers";
import { auditCount } from "../helpers/audit-probe";
import { TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";
import { withTenant } from "@/lib/tenancy/with-tenant";

const revalidated = vi.hoisted(() => [] as string[]);
vi.mock("next/cache", () => ({ revalidatePath: (p: string) => void revalidated.push(p) }));

const { createKeyAction, revokeKeyAction, rotateKeyAction } = await import("@/app/(console)/settings/api-keys/actions");
const { loadKeysPage } = await import("@/lib/auth/api-keys/page-data");

let t: TestDatabase;
let viewer: Caller, developer: Caller, admin: Caller;

beforeAll(async () => {
  ({ t, viewer, developer, admin } = await openSeededConsole());
});
afterAll(async () => {
  setDbForTests(undefined);
  await t?.drop();
});

const attempts = async () => await auditCount(t.db, developer.tenantId, "privilege_escalation_attempt");

describe(`console API-key actions (${TEST_DB_KIND})`, () => {
  it("refuse without a session (401) and for a viewer (403)", async () => {
    expect(await runAction(createKeyAction, null, { name: "x", role: "viewer" })).toMatchObject({
      ok: false,
      error: { type: "authentication_required" },
    });
    expect(await runAction(createKeyAction, viewer, { name: "x", role: "viewer" })).toMatchObject({
      ok: false,
      error: { type: "user_not_authorized", message: expect.stringMatching(/api_keys.write/) },
    });
    expect(revalidated).toEqual([]);
  });

  it("let a developer create a developer key but not an admin key, and audit the attempt", async () => {
    const before = await attempts();
    const denied = await runAction(createKeyAction, developer, { name: "too much", role: "admin", ttl_days: 30 });
    expect(denied).toMatchObject({
      ok: false,
      error: { type: "user_not_authorized", message: expect.stringMatching(/permissions you do not hold/) },
    });
    expect(await attempts()).toBe(before + 1);
    expect(
      await withTenant(developer.tenantId, (tx) => tx.apiKey.count({ where: { name: "too much" } }), { db: t.db }),
    ).toBe(0);
    const ok = await runAction(createKeyAction, developer, {
      name: "from the console",
      role: "developer",
      ttl_days: 30,
    });
    if (!ok.ok) throw new Error(JSON.stringify(ok.error));
    expect(ok.data).toMatchObject({ source: "console", created_by: developer.userId, state: "active" });
    expect(ok.data.secret).toMatch(/^wdn_/);
    expect(revalidated).toContain("/settings/api-keys");
    const page = await loadKeysPage(toPublicActor(await developer.actor()));
    expect(page.keys.find((k) => k.id === ok.data.id)).not.toHaveProperty("secret");
    const rotated = await runAction(rotateKeyAction, developer, { id: ok.data.id, overlap_hours: 1 });
    expect(rotated).toMatchObject({ ok: true, data: { state: "active", secret: expect.stringMatching(/^wdn_/) } });
    expect(await runAction(revokeKeyAction, developer, { id: ok.data.id })).toMatchObject({
      ok: true,
      data: { state: "revoked" },
    });
  });

  it("report invalid input as field issues, and another tenant's key as not found", async () => {
    const out = await runAction(createKeyAction, admin, { name: "", role: "developer" });
    expect(out).toMatchObject({ ok: false, error: { type: "invalid_request" } });
    if (!out.ok) expect(out.error.issues?.[0].path).toBe("name");
    const globexKey = await withTenant(await tenantIdBySlug(t.db, "globex"), (tx) => tx.apiKey.findFirstOrThrow(), {
      db: t.db,
    });
    expect(await runAction(revokeKeyAction, admin, { id: globexKey.id })).toMatchObject({
      ok: false,
      error: { type: "not_found" },
    });
  });
});
