// The Audit page's server loader: filters from the URL reach lib/audit, bad input becomes a
// message instead of a 500, ?entry= opens only this tenant's entries, and the pager walks
// back and forth along the cursor trail.
import { createTenant } from "@/lib/tenancy/provision";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAuditPage } from "@/app/(console)/audit/load";
import { parseAuditSearch, type SearchParams } from "@/app/(console)/audit/search-state";
import { appendAudit } from "@/lib/audit/append";
import { verifyTenant } from "@/lib/audit/verification";
import { setDbForTests } from "@/lib/db";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

let t: TestDatabase;
let a: string;
let b: string;
let bEntry: string;
const actor = {
  kind: "user",
  subject: "usr_pageviewer",
  userId: "usr_pageviewer",
  authMethod: "session" as const,
  displayName: "Page Viewer",
};

const load = (tenant: string, sp: SearchParams) => loadAuditPage(tenant, parseAuditSearch(sp));
const params = (href: string): SearchParams => Object.fromEntries(new URL(href, "http://x").searchParams);

beforeAll(async () => {
  t = await createTestDatabase();
  setDbForTests(t.db);
  a = (await createTenant({ slug: "page-a", name: "Page A" }, t.db)).id;
  b = (await createTenant({ slug: "page-b", name: "Page B" }, t.db)).id;
  await withTenant(a, async (tx) => {
    for (let i = 0; i < 70; i++)
      await appendAudit(tx, {
        action: i % 7 ? "auth.login" : "auth.login_failed",
        outcome: i % 7 ? "success" : "failure",
        actor,
      });
    await appendAudit(tx, {
      action: "role.assign",
      outcome: "success",
      actor,
      target: { type: "user", id: "usr_x" },
      details: { before: { role: "viewer" }, after: { role: "admin" } },
    });
  });
  bEntry = await withTenant(b, async (tx) => {
    await appendAudit(tx, { action: "auth.login", outcome: "success", actor });
    return (await tx.$queryRaw<{ id: string }[]>`SELECT id FROM audit_entries LIMIT 1`)[0].id;
  });
});
afterAll(async () => {
  setDbForTests(undefined);
  await t?.drop();
});

describe(`Audit page loader (${TEST_DB_KIND})`, () => {
  it("shows the latest recorded verification once one exists", async () => {
    expect((await load(a, {})).latest).toBeNull();
    await verifyTenant(a, { db: t.db });
    expect((await load(a, {})).latest).toMatchObject({ verified: true, checked: 71, first_bad_seq: null });
  });

  it("filters by outcome on the server", async () => {
    const page = await load(a, { outcome: "failure" });
    expect(page.rows.length).toBe(10);
    expect(page.rows.every((r) => r.outcome === "failure")).toBe(true);
    expect(page.rows[0].href).toMatch(/^\/audit\?outcome=failure&entry=ae_/);
    expect(page.filtered).toBe(true);
  });

  it("turns invalid filter input into a message, not an error", async () => {
    const page = await load(a, { range: "custom", from: "yesterday" });
    expect(page.filterError).toMatch(/from/);
    expect(page.rows).toEqual([]);
    expect((await load(a, { outcome: "maybe" })).filterError).toMatch(/outcome/);
  });

  it("opens this tenant's entry with its diff fields, and treats another tenant's id as missing", async () => {
    const [assign] = (await load(a, { action: "role.assign" })).rows;
    const open = await load(a, { entry: assign.id });
    expect(open.entry).toMatchObject({
      id: assign.id,
      action: "role.assign",
      details: { before: { role: "viewer" }, after: { role: "admin" } },
    });
    expect(open.entry?.hash).toMatch(/^[0-9a-f]{64}$/);
    const foreign = await load(a, { entry: bEntry });
    expect(foreign.entry).toBeUndefined();
    expect(foreign.entryMissing).toBe(true);
    expect((await load(a, { entry: "ae_'; drop" })).entryMissing).toBe(true);
  });

  it("pages older and back newer through the cursor trail", async () => {
    const first = await load(a, {});
    expect(first.rows.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 71 - i));
    expect(first.pager.newer).toBeNull();
    const second = await load(a, params(first.pager.older!));
    expect(second.rows.map((r) => r.seq)).toEqual(Array.from({ length: 21 }, (_, i) => 21 - i));
    expect(second.pager.older).toBeNull();
    expect((await load(a, params(second.pager.newer!))).rows[0].seq).toBe(71);
  });
});
