// Reports whose rows are audit entries (access, data, security: who did what, from which IP)
// need audit.read to be created, previewed, read or downloaded, on top of reports.*. Callers come
// with real signed session cookies through the one resolver: a viewer (carol) is refused, the
// Security Auditor custom role (hannah, who holds audit.read) succeeds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as byId from "@/app/v1/reports/[id]/route";
import * as download from "@/app/v1/reports/[id]/download/route";
import * as preview from "@/app/v1/reports/preview/route";
import * as reports from "@/app/v1/reports/route";
import { issueSessionCookie } from "@/lib/auth/sso/session-cookie";
import { TEST_SESSION_ORIGIN } from "../helpers/callers";
import { setDbForTests } from "@/lib/db";
import { reportSettled } from "@/lib/reports/service";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { call } from "../helpers/call-route";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

let t: TestDatabase;
let acme: string;
let carol: Record<string, string>;
let hannah: Record<string, string>;
let builder: Record<string, string>;
const SAME_ORIGIN = { origin: "http://127.0.0.1", "sec-fetch-site": "same-origin" };

async function cookieOf(email: string): Promise<Record<string, string>> {
  const u = await withTenant(acme, (tx) => tx.user.findFirstOrThrow({ where: { tenantId: acme, email } }), {
    db: t.db,
  });
  const c = await issueSessionCookie(u.id, acme, true, TEST_SESSION_ORIGIN, { db: t.db });
  return { cookie: `${c.name}=${c.value}`, ...SAME_ORIGIN };
}

/** The download answers bytes, not JSON. */
async function fetchDownload(headers: Record<string, string>, id: string) {
  const res = await download.GET(new Request(`http://127.0.0.1/v1/reports/${id}/download`, { headers }), {
    params: Promise.resolve({ id }),
  });
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  setDbForTests(t.db);
  acme = await tenantIdBySlug(t.db, "acme");
  carol = await cookieOf("carol.johnson@acme.test"); // viewer
  hannah = await cookieOf("hannah.schmidt@acme.test"); // Security Auditor: audit.read, reports.create
  // A custom role that may build reports but not read the audit trail.
  await withTenant(
    acme,
    async (tx) => {
      const role = await tx.customRole.create({
        data: {
          tenantId: acme,
          name: "Report builder",
          description: "",
          permissions: ["dashboards.read", "reports.read", "reports.create"],
          createdBy: "test",
        },
      });
      await tx.user.updateMany({ where: { email: "david.kim@acme.test" }, data: { customRoleId: role.id } });
    },
    { db: t.db },
  );
  builder = await cookieOf("david.kim@acme.test");
}, 300_000);

afterAll(async () => {
  setDbForTests(undefined);
  await t?.drop();
});

const create = (headers: Record<string, string>, type: string) =>
  call(reports.POST, "POST", "/v1/reports", { headers, body: { type, range: "30d", format: "csv" } });

describe(`audit-based reports need audit.read (${TEST_DB_KIND})`, () => {
  it("the Security Auditor creates, previews, reads and downloads access and security reports", async () => {
    for (const type of ["access", "security"]) {
      const created = await create(hannah, type);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      await reportSettled(created.body.id);
      const got = await call(byId.GET, "GET", `/v1/reports/${created.body.id}`, {
        headers: hannah,
        params: { id: created.body.id },
      });
      expect([got.status, got.body.status]).toEqual([200, "completed"]);
      const file = await fetchDownload(hannah, created.body.id);
      expect(file.status).toBe(200);
      expect(file.text.split("\n")[0]).toContain("action");
    }
    const p = await call(preview.POST, "POST", "/v1/reports/preview", {
      headers: hannah,
      body: { type: "security", range: "30d" },
    });
    expect(p.status).toBe(200);
  });

  it("without audit.read, creating or previewing access, data and security reports is refused (403)", async () => {
    for (const type of ["access", "data", "security"]) {
      // A viewer holds neither reports.create nor audit.read.
      const viewer = await create(carol, type);
      expect([type, viewer.status, viewer.body.error.type]).toEqual([type, 403, "user_not_authorized"]);
      // reports.create alone is not enough for a report made of audit entries.
      const r = await create(builder, type);
      expect([type, r.status, r.body.error.type]).toEqual([type, 403, "user_not_authorized"]);
      expect(r.body.error.message).toContain("audit.read");
      const p = await call(preview.POST, "POST", "/v1/reports/preview", {
        headers: builder,
        body: { type, range: "30d" },
      });
      expect([type, p.status]).toEqual([type, 403]);
    }
    // Reports not built from audit entries stay open to reports.create.
    expect((await create(builder, "usage")).status).toBe(201);
    expect((await create(builder, "compliance")).status).toBe(201);
  });

  it("a viewer can neither read nor download an existing access report, nor see it listed", async () => {
    const made = await create(hannah, "access");
    await reportSettled(made.body.id);
    const got = await call(byId.GET, "GET", `/v1/reports/${made.body.id}`, {
      headers: carol,
      params: { id: made.body.id },
    });
    expect([got.status, got.body.error.type]).toEqual([403, "user_not_authorized"]);
    const file = await fetchDownload(carol, made.body.id);
    expect(file.status).toBe(403);
    expect(file.text).not.toContain("auth.login");
    const list = await call(reports.GET, "GET", "/v1/reports", { headers: carol });
    expect(list.status).toBe(200);
    expect(list.body.data.some((r: { id: string }) => r.id === made.body.id)).toBe(false);
    expect(list.body.data.every((r: { type: string }) => r.type === "usage" || r.type === "compliance")).toBe(true);
    // hannah's list does include it.
    const hers = await call(reports.GET, "GET", "/v1/reports", { headers: hannah });
    expect(hers.body.data.some((r: { id: string }) => r.id === made.body.id)).toBe(true);
  });
});
