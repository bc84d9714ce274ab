// Settings -> API keys calls /v1 through the console's typed client (ADR 0042): the operations
// the page's table and form run (components/api-keys/use-key-actions.ts), sent with a real
// session cookie through the route handlers. No session, a viewer, or a developer reaching for
// an admin key are all refused, whatever the UI showed, and the escalation attempt is audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toPublicActor } from "@/lib/auth/actor";
import { loadKeysPage } from "@/lib/auth/api-keys/page-data";
import { setDbForTests } from "@/lib/db";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { keyActions } from "@/components/api-keys/use-key-actions";
import type { KeyActions } from "@/components/api-keys/types";
import { openSeededConsole, type Caller } from "../helpers/callers";
import { consoleApi } from "../helpers/console-api";
import { auditCount } from "../helpers/audit-probe";
import { TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

let t: TestDatabase;
let viewer: Caller, developer: Caller, admin: Caller;
let refreshed = 0;
// The page's operations as this caller; a success re-renders the page (router.refresh()).
const as = (who: Caller | null): KeyActions => keyActions(consoleApi(who), () => void refreshed++);

beforeAll(async () => {
  ({ t, viewer, developer, admin } = await openSeededConsole());
});
afterAll(async () => {
  setDbForTests(undefined);
  await t?.drop();
});

const attempts = async () => await auditCount(t.db, developer.tenantId, "privilege_escalation_attempt");

describe(`console API-key operations (${TEST_DB_KIND})`, () => {
  it("refuse without a session (401) and for a viewer (403), and re-render nothing", async () => {
    expect(await as(null).create({ name: "x", role: "viewer" })).toMatchObject({
      ok: false,
      error: { type: "authentication_required" },
    });
    expect(await as(viewer).create({ name: "x", role: "viewer" })).toMatchObject({
      ok: false,
      error: { type: "user_not_authorized", message: expect.stringMatching(/api_keys.write/) },
    });
    expect(refreshed).toBe(0);
  });

  it("let a developer create a developer key but not an admin key, and audit the attempt", async () => {
    const before = await attempts();
    const denied = await as(developer).create({ name: "too much", role: "admin", ttl_days: 30 });
    expect(denied).toMatchObject({
      ok: false,
      error: { type: "user_not_authorized", message: expect.stringMatching(/permissions you do not hold/) },
    });
    expect(await attempts()).toBe(before + 1);
    expect(
      await withTenant(developer.tenantId, (tx) => tx.apiKey.count({ where: { name: "too much" } }), { db: t.db }),
    ).toBe(0);
    const ok = await as(developer).create({ name: "from the console", role: "developer", ttl_days: 30 });
    if (!ok.ok) throw new Error(JSON.stringify(ok.error));
    // Made in the console: the session's key says so, unlike one minted with an API key.
    expect(ok.data).toMatchObject({ source: "console", created_by: developer.userId, state: "active" });
    expect(ok.data.secret).toMatch(/^wdn_/);
    expect(refreshed).toBe(1);
    const page = await loadKeysPage(toPublicActor(await developer.actor()));
    expect(page.keys.find((k) => k.id === ok.data.id)).not.toHaveProperty("secret");
    const rotated = await as(developer).rotate({ id: ok.data.id, overlap_hours: 1 });
    expect(rotated).toMatchObject({ ok: true, data: { state: "active", secret: expect.stringMatching(/^wdn_/) } });
    if (!rotated.ok) return;
    const old = await withTenant(
      developer.tenantId,
      (tx) => tx.apiKey.findUniqueOrThrow({ where: { id: ok.data.id } }),
      {
        db: t.db,
      },
    );
    // The overlap the form chose reached the server: the old secret works for one more hour.
    const hour = old.overlapUntil!.getTime() - Date.now();
    expect(hour).toBeGreaterThan(3_500_000);
    expect(hour).toBeLessThanOrEqual(3_600_000);
    expect(await as(developer).revoke({ id: rotated.data.id })).toMatchObject({
      ok: true,
      data: { state: "revoked" },
    });
    expect(refreshed).toBe(3);
  });

  it("a key minted with an API key records source api", async () => {
    const { withApiKey } = await import("../helpers/callers");
    const script = await withApiKey(t.db, "acme", "alice.chen@acme.test", { role: "admin" });
    const out = await as(script).create({ name: "from a script", role: "viewer" });
    expect(out).toMatchObject({ ok: true, data: { source: "api" } });
  });

  it("report invalid input as field issues, another tenant's key as not found, and rotate without a body", async () => {
    const out = await as(admin).create({ name: "", role: "developer" });
    expect(out).toMatchObject({ ok: false, error: { type: "invalid_request" } });
    if (!out.ok) expect(out.error.issues?.[0].path).toBe("name");
    const globexKey = await withTenant(await tenantIdBySlug(t.db, "globex"), (tx) => tx.apiKey.findFirstOrThrow(), {
      db: t.db,
    });
    expect(await as(admin).revoke({ id: globexKey.id })).toMatchObject({ ok: false, error: { type: "not_found" } });
    const created = await as(admin).create({ name: "rotated with defaults", role: "viewer" });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    // The body is optional (the policy's defaults): no bytes at all, as a script may send it.
    const { response } = await consoleApi(admin).POST("/v1/auth/keys/{id}/rotate", {
      params: { path: { id: created.data.id } },
    });
    expect(response.status).toBe(201);
  });
});
