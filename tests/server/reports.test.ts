// Reports end to end on seeded data: each type's figures equal direct SQL counts of the same
// events; CSV parses back (RFC 4180) to the JSON rows with formula cells neutralised; JSON
// validates against its schema; pdftotext finds the figures; downloads return the stored bytes
// and SHA-256; generation and downloads are audited; permissions, tenant and team scope hold.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as byId from "@/app/v1/reports/[id]/route";
import * as download from "@/app/v1/reports/[id]/download/route";
import * as preview from "@/app/v1/reports/preview/route";
import * as reports from "@/app/v1/reports/route";
import * as startRoute from "@/app/v1/reports/[id]/start/route";
import { POST as rulesPOST } from "@/app/v1/monitoring/rules/route";
import { actorRefOf, appendAudit, auditActor } from "@/lib/audit/append";
import { REPORT_JSON_SCHEMA } from "@/lib/reports/json-schema";
import { estimateReportBytes, failInterruptedReports, reportHistory, reportSettled } from "@/lib/reports/service";
import type { CreatedReportView, ReportView } from "@/lib/reports/spec";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { approveAs } from "../helpers/approvals";
import { callAs, pointProcessDbAt, signedIn, type Caller } from "../helpers/callers";
import { parseCsv } from "../helpers/rfc4180";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

let t: TestDatabase;
let admin: Caller;
let viewer: Caller;
let globexAdmin: Caller;
let acme: string;
// The window ends a minute after the set-up, so every entry it writes is inside (the seed can take
// longer than a minute on a loaded machine); set at the end of beforeAll.
let to = "";
const from = new Date(Date.now() - 31 * 86_400_000).toISOString();
const EVIL_NAME = '=HYPERLINK("http://evil.test","x")';

const req = (method = "GET", body?: unknown, url = "http://warden.test/v1/reports") =>
  new Request(url, {
    method,
    ...(body ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } } : {}),
  });

async function build(actor: Caller, body: Record<string, unknown>): Promise<ReportView> {
  const res = await callAs(reports.POST, actor, req("POST", { from, to, ...body }));
  expect(res.status).toBe(201);
  const created = (await res.json()) as ReportView;
  expect(["queued", "running", "completed"]).toContain(created.status);
  await reportSettled(created.id);
  const got = await callAs(byId.GET, actor, req(), { id: created.id });
  const view = (await got.json()) as ReportView;
  expect(view.status, view.error ?? "").toBe("completed");
  return view;
}

async function fetchFile(actor: Caller, id: string, format?: string) {
  const res = await callAs(
    download.GET,
    actor,
    req("GET", undefined, `http://warden.test/v1/reports/${id}/download${format ? `?format=${format}` : ""}`),
    { id },
  );
  expect(res.status).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  return { bytes, sha: res.headers.get("x-content-sha256"), type: res.headers.get("content-type") };
}

const fig = (v: ReportView, key: string) => v.summary!.figures.find((f) => f.key === key)?.value;

/** A direct count in the tenant's transaction ($1 is the tenant id). */
async function count(sql: string, ...args: unknown[]): Promise<number> {
  const rows = await withTenant(String(args[0]), (tx) => tx.$queryRawUnsafe<{ n: bigint }[]>(sql, ...args), {
    db: t.db,
  });
  return Number(rows[0].n);
}
const inRange = `tenant_id = $1 AND ts >= $2::timestamptz AND ts < $3::timestamptz`;

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  pointProcessDbAt(t.db);
  admin = await signedIn(t.db, "acme", "alice.chen@acme.test");
  viewer = await signedIn(t.db, "acme", "carol.johnson@acme.test");
  globexAdmin = await signedIn(t.db, "globex", "hank.scorpio@globex.test");
  acme = admin.tenantId;
  // Events the seed does not write: privacy and consent (another module emits them) and a
  // person whose display name is a spreadsheet formula.
  await withTenant(
    acme,
    async (tx) => {
      const who = { kind: "user", subject: admin.userId, userId: admin.userId, authMethod: "session" as const };
      for (const [id, kind] of [
        ["dsr_subject1", "erasure"],
        ["dsr_subject2", "access"],
      ])
        await appendAudit(tx, {
          action: "privacy.request.created",
          outcome: "success",
          actor: who,
          target: { type: "privacy_request", id },
          details: { kind },
        });
      for (const action of ["consent.granted", "consent.withdrawn"])
        await appendAudit(tx, { action, outcome: "success", actor: who, details: { purpose: "prompt_logging" } });
      await appendAudit(tx, {
        action: "auth.login_failed",
        outcome: "failure",
        actor: { kind: "user", subject: "usr_formula1", displayName: EVIL_NAME },
        target: { type: "user", id: "+SUM(A1:A9)" },
      });
    },
    { db: t.db },
  );
  to = new Date(Date.now() + 60_000).toISOString();
}, 240_000);

afterAll(async () => {
  await t?.drop();
});

describe(`reports (${TEST_DB_KIND})`, () => {
  it("the seed generated real reports for both tenants through the same code", async () => {
    for (const slug of ["acme", "globex"]) {
      const tenant = { id: await tenantIdBySlug(t.db, slug) };
      const rows = await withTenant(tenant.id, (tx) => tx.report.findMany({ where: { tenantId: tenant.id } }), {
        db: t.db,
      });
      expect(rows.length).toBe(3);
      for (const r of rows) {
        expect(r.status).toBe("completed");
        const parts = await withTenant(
          tenant.id,
          (tx) => tx.reportChunk.findMany({ where: { reportId: r.id }, orderBy: { idx: "asc" } }),
          { db: t.db },
        );
        const bytes = Buffer.concat(parts.map((p) => Buffer.from(p.data)));
        expect(bytes.length).toBe(Number(r.sizeBytes));
        expect(createHash("sha256").update(bytes).digest("hex")).toBe(r.sha256);
      }
    }
  });

  it("access: figures equal direct counts of the same events", async () => {
    const v = await build(admin, { type: "access", format: "json" });
    const a = [acme, from, to];
    expect(fig(v, "logins")).toBe(
      await count(
        `SELECT count(*) n FROM audit_entries WHERE ${inRange} AND action = 'auth.login' AND outcome = 'success'`,
        ...a,
      ),
    );
    expect(fig(v, "logouts")).toBe(
      await count(`SELECT count(*) n FROM audit_entries WHERE ${inRange} AND action = 'auth.logout'`, ...a),
    );
    expect(fig(v, "failed_auth")).toBe(
      await count(
        `SELECT count(*) n FROM audit_entries WHERE ${inRange} AND category = 'access' AND outcome <> 'success'`,
        ...a,
      ),
    );
    expect(fig(v, "privilege_escalations")).toBe(
      await count(
        `SELECT count(*) n FROM audit_entries WHERE ${inRange} AND action IN ('privilege_escalation', 'privilege_escalation_attempt')`,
        ...a,
      ),
    );
    expect(fig(v, "logins")).toBeGreaterThan(50);
    expect(fig(v, "privilege_escalations")).toBe(2);
    // Off-hours admin actions, counted in JS from the rows themselves.
    const all = await withTenant(
      acme,
      (tx) => tx.auditEntry.findMany({ where: { tenantId: acme, ts: { gte: new Date(from), lt: new Date(to) } } }),
      { db: t.db },
    );
    const inScope = all.filter(
      (e) =>
        e.category === "access" ||
        ["privilege_escalation", "privilege_escalation_attempt", "role.assign"].includes(e.action),
    );
    const off = inScope.filter(
      (e) =>
        e.actorKind === "user" &&
        (["admin", "security"].includes(e.category) || e.action === "role.assign") &&
        (e.ts.getUTCHours() < 7 || e.ts.getUTCHours() >= 20 || [0, 6].includes(e.ts.getUTCDay())),
    );
    expect(fig(v, "off_hours_admin")).toBe(off.length);
    expect(fig(v, "events")).toBe(inScope.length);
    expect(v.summary!.rows).toBe(inScope.length);
    expect(v.progress.rows_done).toBe(inScope.length);
  });

  it("usage: figures equal direct counts of usage records", async () => {
    const v = await build(admin, { type: "usage", format: "csv" });
    const a = [acme, from, to];
    expect(fig(v, "requests")).toBe(await count(`SELECT count(*) n FROM usage_records WHERE ${inRange}`, ...a));
    expect(fig(v, "rate_limited")).toBe(
      await count(`SELECT count(*) n FROM usage_records WHERE ${inRange} AND status = 'rate_limited'`, ...a),
    );
    expect(fig(v, "budget_exceeded")).toBe(
      await count(`SELECT count(*) n FROM usage_records WHERE ${inRange} AND status = 'budget_exceeded'`, ...a),
    );
    expect(fig(v, "tokens")).toBe(
      await count(
        `SELECT COALESCE(sum(prompt_tokens + completion_tokens), 0) n FROM usage_records WHERE ${inRange}`,
        ...a,
      ),
    );
    const cost = await withTenant(
      acme,
      (tx) =>
        tx.$queryRawUnsafe<{ c: string }[]>(
          `SELECT round(COALESCE(sum(cost_usd), 0), 2)::text c FROM usage_records WHERE ${inRange}`,
          ...a,
        ),
      { db: t.db },
    );
    expect(fig(v, "cost_usd")).toBe(Number(cost[0].c));
    expect(fig(v, "requests")).toBeGreaterThan(100);
    expect(fig(v, "models")).toBe(
      await count(`SELECT count(DISTINCT model) n FROM usage_records WHERE ${inRange}`, ...a),
    );
    // The per-model breakdown and the requests per day equal the records, in the documented order.
    const models = await withTenant(
      acme,
      (tx) =>
        tx.$queryRawUnsafe<{ p: string; m: string; n: number; tokens: number; cost: string }[]>(
          `SELECT coalesce(provider, '-') p, coalesce(model, '-') m, count(*)::int n, sum(prompt_tokens + completion_tokens)::int tokens, round(sum(cost_usd), 2)::text cost
         FROM usage_records WHERE ${inRange} GROUP BY provider, model ORDER BY sum(cost_usd) DESC NULLS LAST, provider, model LIMIT 40`,
          ...a,
        ),
      { db: t.db },
    );
    const byModel = v.summary!.breakdowns.find((b) => b.title === "Model and provider usage")!;
    expect(byModel.rows).toEqual(models.map((r) => [r.p, r.m, r.n, r.tokens, Number(r.cost).toFixed(2)]));
    const days = await withTenant(
      acme,
      (tx) =>
        tx.$queryRawUnsafe<{ d: string; n: number }[]>(
          `SELECT to_char(date_trunc('day', ts AT TIME ZONE 'UTC'), 'YYYY-MM-DD') d, count(*)::int n FROM usage_records WHERE ${inRange} GROUP BY 1`,
          ...a,
        ),
      { db: t.db },
    );
    const perDay = new Map(v.summary!.chart!.points.map((x) => [x.label, x.value]));
    for (const d of days) expect(perDay.get(d.d), d.d).toBe(d.n);
    expect([...perDay.values()].reduce((x, y) => x + y, 0)).toBe(fig(v, "requests"));
    const file = await fetchFile(admin, v.id);
    const rows = parseCsv(file.bytes.toString("utf8"));
    expect(rows[0][0]).toBe("ts");
    expect(rows.length - 1).toBe(fig(v, "requests"));
  });

  it("usage filters by team: only that team's records", async () => {
    const team = await withTenant(
      acme,
      (tx) => tx.team.findFirstOrThrow({ where: { tenantId: acme }, orderBy: { name: "asc" } }),
      { db: t.db },
    );
    const v = await build(admin, { type: "usage", format: "json", filters: { teams: [team.id] } });
    expect(fig(v, "requests")).toBe(
      await count(`SELECT count(*) n FROM usage_records WHERE ${inRange} AND team_id = $4`, acme, from, to, team.id),
    );
  });

  it("data: exports, deletion requests and consent changes equal direct counts", async () => {
    const v = await build(admin, { type: "data", format: "json" });
    // The report stops at the chain head captured when it started (its own report.generate comes later).
    const a = [acme, from, to, v.chain_head!.seq];
    const actions = (where: string) =>
      count(`SELECT count(*) n FROM audit_entries WHERE ${inRange} AND ${where} AND seq <= $4`, ...a);
    expect(fig(v, "consent_changes")).toBe(await actions(`action IN ('consent.granted', 'consent.withdrawn')`));
    expect(fig(v, "deletion_requests")).toBe(
      await actions(`action = 'privacy.request.created' AND details->>'kind' = 'erasure'`),
    );
    expect(fig(v, "privacy_requests")).toBe(await actions(`action = 'privacy.request.created'`));
    // The seed's privacy story and the two requests above are in the range.
    expect(fig(v, "deletion_requests")).toBeGreaterThanOrEqual(2);
    expect(fig(v, "privacy_requests")).toBeGreaterThan(fig(v, "deletion_requests")!);
    expect(fig(v, "exports")).toBe(
      await count(
        `SELECT count(*) n FROM audit_entries WHERE ${inRange} AND (action LIKE '%export%' OR action LIKE 'report.%') AND seq <= $4`,
        ...a,
      ),
    );
    expect(fig(v, "exports")).toBeGreaterThan(0);
  });

  it("security: figures equal direct counts", async () => {
    const v = await build(admin, { type: "security", format: "json" });
    const a = [acme, from, to, v.chain_head!.seq];
    const scope = `(category = 'security' OR action LIKE 'security.%' OR action = 'monitoring.alert')`;
    expect(fig(v, "events")).toBe(
      await count(`SELECT count(*) n FROM audit_entries WHERE ${inRange} AND ${scope} AND seq <= $4`, ...a),
    );
    expect(fig(v, "denied")).toBe(
      await count(
        `SELECT count(*) n FROM audit_entries WHERE ${inRange} AND ${scope} AND outcome <> 'success' AND seq <= $4`,
        ...a,
      ),
    );
    expect(fig(v, "role_changes")).toBe(
      await count(`SELECT count(*) n FROM audit_entries WHERE ${inRange} AND action LIKE 'role.%' AND seq <= $4`, ...a),
    );
  });

  it("compliance: controls per framework, and the CSV rows agree with the figures", async () => {
    const v = await build(admin, { type: "compliance", format: "csv" });
    const rows = parseCsv((await fetchFile(admin, v.id)).bytes.toString("utf8"));
    const [head, ...body] = rows;
    const status = head.indexOf("status");
    const fwApplicable = await withTenant(
      acme,
      (tx) => tx.complianceFrameworkSetting.findMany({ where: { tenantId: acme, applicable: false } }),
      { db: t.db },
    );
    expect(body.length).toBe(v.summary!.rows);
    expect(body.filter((r) => r[status] === "pass").length).toBe(fig(v, "controls_passing"));
    expect(new Set(body.map((r) => r[0])).size).toBe(4);
    expect(fwApplicable.length).toBeGreaterThanOrEqual(0);
  });

  it("CSV parses back to the JSON rows; formula cells come out neutralised; JSON validates against its schema", async () => {
    const j = await build(admin, { type: "access", format: "json", filters: { event_types: ["auth.login_failed"] } });
    const c = await build(admin, { type: "access", format: "csv", filters: { event_types: ["auth.login_failed"] } });
    const doc = JSON.parse((await fetchFile(admin, j.id)).bytes.toString("utf8"));
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(REPORT_JSON_SCHEMA);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...doc, row_count: "many" })).toBe(false);
    expect(doc.row_count).toBe(doc.rows.length);
    expect(doc.rows.length).toBe(fig(j, "events"));
    const csv = (await fetchFile(admin, c.id)).bytes.toString("utf8");
    expect(csv).toContain("\r\n");
    const [head, ...rows] = parseCsv(csv);
    expect(head).toEqual(doc.columns);
    expect(rows.length).toBe(doc.rows.length);
    const neutral = (v: unknown) =>
      v === null ? "" : typeof v === "number" ? String(v) : /^[=+\-@\t\r]/.test(String(v)) ? `'${v}` : String(v);
    rows.forEach((r, i) => expect(r).toEqual(head.map((k) => neutral(doc.rows[i][k]))));
    const evil = rows.find((r) => r[head.indexOf("actor_name")].includes("HYPERLINK"));
    expect(evil?.[head.indexOf("actor_name")]).toBe(`'${EVIL_NAME}`);
    expect(evil?.[head.indexOf("target_id")]).toBe("'+SUM(A1:A9)");
    for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@]/);
  });

  it("the PDF carries the tenant, the figures, page numbers and the chain head (pdftotext)", async () => {
    const v = await build(admin, { type: "access", format: "pdf" });
    const { bytes, sha, type } = await fetchFile(admin, v.id, "pdf");
    expect(type).toBe("application/pdf");
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "warden-report-"));
    fs.writeFileSync(path.join(dir, "r.pdf"), bytes);
    const text = execFileSync("pdftotext", ["-layout", path.join(dir, "r.pdf"), "-"]).toString();
    fs.rmSync(dir, { recursive: true, force: true });
    expect(text).toContain("Access report");
    expect(text).toContain("Acme");
    expect(text).toMatch(/Page 1 of \d+/);
    expect(text).toContain(`seq ${v.chain_head!.seq}`);
    for (const key of ["logins", "failed_auth", "privilege_escalations", "off_hours_admin"]) {
      const f = v.summary!.figures.find((x) => x.key === key)!;
      expect(text).toContain(f.label);
      expect(text).toContain(f.value.toLocaleString("en-US"));
    }
    expect(sha).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(sha).toBe(v.sha256);
  });

  it("download again returns the same bytes; another format is refused; generation and downloads are audited", async () => {
    const v = await build(admin, { type: "security", format: "csv" });
    const one = await fetchFile(admin, v.id);
    const two = await fetchFile(admin, v.id, "csv");
    expect(one.bytes.equals(two.bytes)).toBe(true);
    expect(one.sha).toBe(v.sha256);
    const wrong = await callAs(
      download.GET,
      admin,
      req("GET", undefined, `http://warden.test/v1/reports/${v.id}/download?format=pdf`),
      { id: v.id },
    );
    expect(wrong.status).toBe(400);
    const audit = await withTenant(
      acme,
      (tx) => tx.auditEntry.findMany({ where: { tenantId: acme, targetId: v.id }, orderBy: { seq: "asc" } }),
      { db: t.db },
    );
    expect(audit.map((e) => e.action)).toEqual([
      "report.create",
      "report.generate",
      "report.download",
      "report.download",
    ]);
    expect((audit[1].details as { sha256: string }).sha256).toBe(v.sha256);
  });

  it("a require_approval rule holds a large report until a second admin approves; only the requester starts it, once", async () => {
    const rahul = await signedIn(t.db, "acme", "rahul.mehta@acme.test");
    const rule = await callAs(
      rulesPOST,
      admin,
      req(
        "POST",
        {
          name: "Any report export",
          type: "data_access",
          condition: "data_export_size > 1KB",
          action: "require_approval",
          severity: "medium",
        },
        "http://warden.test/v1/monitoring/rules",
      ),
    );
    expect(rule.status).toBe(201);
    const ruleId = ((await rule.json()) as { id: string }).id;
    try {
      const res = await callAs(reports.POST, admin, req("POST", { type: "security", format: "json", from, to }));
      expect(res.status).toBe(201);
      const held = (await res.json()) as CreatedReportView;
      expect(held.status).toBe("pending_approval");
      expect(held.approval?.message).toContain(held.approval!.id);
      const approvalId = held.approval!.id;
      const start = (actor: Caller) =>
        callAs(startRoute.POST, actor, req("POST", undefined, `http://warden.test/v1/reports/${held.id}/start`), {
          id: held.id,
        });
      const errType = async (r: Response) => ((await r.json()) as { error: { type: string } }).error.type;

      // Not approved yet: nothing starts, no bytes exist.
      const early = await start(admin);
      expect([early.status, await errType(early)]).toEqual([403, "approval_required"]);
      expect(await withTenant(acme, (tx) => tx.reportChunk.count({ where: { reportId: held.id } }), { db: t.db })).toBe(
        0,
      );
      // The requester cannot approve their own request; another admin can.
      expect((await approveAs(admin, approvalId)).status).toBe(403);
      expect((await approveAs(rahul, approvalId, "audit request")).status).toBe(200);
      // The approver is not the requester, so the approver cannot use it either.
      expect((await start(rahul)).status).toBe(403);
      const started = await start(admin);
      expect(started.status).toBe(202);
      await reportSettled(held.id);
      const done = (await (await callAs(byId.GET, admin, req(), { id: held.id })).json()) as ReportView;
      expect(done.status).toBe("completed");
      expect((await start(admin)).status).toBe(409);
      const trail = await withTenant(
        acme,
        (tx) => tx.auditEntry.findMany({ where: { targetId: approvalId }, orderBy: { seq: "asc" } }),
        { db: t.db },
      );
      expect(trail.map((e) => `${e.action}:${e.outcome}`)).toEqual([
        "approval.request:success",
        "approval.approve:denied",
        "approval.approve:success",
        "approval.consume:success",
      ]);
    } finally {
      await withTenant(acme, (tx) => tx.monitoringRule.update({ where: { id: ruleId }, data: { enabled: false } }), {
        db: t.db,
      });
    }
  });

  it("the size a require_approval rule judges: every row of a CSV or JSON file, at most 10,000 detail rows of a PDF", () => {
    // 10M usage records: a CSV of gigabytes needs approval under "> 1GB"; the PDF of the same window
    // (summaries and the first 10,000 rows) is a couple of megabytes and must not.
    expect(estimateReportBytes(10_000_000, "csv")).toBeGreaterThan(1024 ** 3);
    expect(estimateReportBytes(10_000_000, "json")).toBeGreaterThan(1024 ** 3);
    expect(estimateReportBytes(10_000_000, "pdf")).toBeLessThan(4 * 1024 ** 2);
    expect(estimateReportBytes(10_000_000, "pdf")).toBe(estimateReportBytes(10_000, "pdf"));
    expect(estimateReportBytes(5_000, "pdf")).toBeLessThan(estimateReportBytes(10_000, "pdf"));
  });

  it("a report left running by a stopped server is marked failed and audited; a recent one is left alone", async () => {
    const params = { range: "custom", from, to, filters: { users: [], teams: [], customers: [], event_types: [] } };
    const running = (startedAt: Date) =>
      withTenant(
        acme,
        (tx) =>
          tx.report.create({
            data: {
              tenantId: acme,
              type: "security",
              format: "csv",
              status: "running",
              params,
              createdBy: admin.userId,
              startedAt,
            },
          }),
        { db: t.db },
      );
    const stale = await running(new Date(Date.now() - 2 * 3_600_000));
    const fresh = await running(new Date());
    expect(await failInterruptedReports({ db: t.db, staleMs: 3_600_000 })).toBe(1);
    const after = await withTenant(acme, (tx) => tx.report.findMany({ where: { id: { in: [stale.id, fresh.id] } } }), {
      db: t.db,
    });
    expect(after.find((r) => r.id === stale.id)!.status).toBe("failed");
    expect(after.find((r) => r.id === stale.id)!.error).toContain("interrupted");
    expect(after.find((r) => r.id === fresh.id)!.status).toBe("running");
    const trail = await withTenant(
      acme,
      (tx) => tx.auditEntry.findMany({ where: { tenantId: acme, targetId: stale.id } }),
      { db: t.db },
    );
    expect(trail.map((e) => `${e.action}:${e.outcome}`)).toEqual(["report.failed:failure"]);
    await withTenant(acme, (tx) => tx.report.delete({ where: { id: fresh.id } }), { db: t.db });
  });

  it("preview returns the same figures as the report", async () => {
    const body = { type: "access", from, to, filters: { event_types: ["auth.login"] } };
    const p = (await (await callAs(preview.POST, admin, req("POST", body))).json()) as {
      summary: { figures: { key: string; value: number }[] };
      sample: unknown[];
    };
    const v = await build(admin, { type: "access", format: "json", filters: { event_types: ["auth.login"] } });
    expect(p.summary.figures.find((f) => f.key === "logins")?.value).toBe(fig(v, "logins"));
    expect(p.sample.length).toBe(10);
  });

  it("permissions, tenant scope and team scope", async () => {
    expect(
      (await callAs(reports.POST, viewer, req("POST", { type: "access", range: "7d", format: "csv" }))).status,
    ).toBe(403);
    const list = (await (await callAs(reports.GET, viewer, req())).json()) as { data: ReportView[] };
    // A viewer (no audit.read) lists only the reports not built from audit entries.
    expect(list.data.length).toBeGreaterThan(0);
    expect(new Set(list.data.map((r) => r.type))).toEqual(new Set(["usage", "compliance"]));
    const mine = list.data[0];
    expect((await callAs(byId.GET, globexAdmin, req(), { id: mine.id })).status).toBe(404);
    expect((await callAs(download.GET, globexAdmin, req(), { id: mine.id })).status).toBe(404);
    const globexList = (await (await callAs(reports.GET, globexAdmin, req())).json()) as { data: ReportView[] };
    expect(globexList.data.every((r) => !list.data.some((x) => x.id === r.id))).toBe(true);
    expect(
      (await callAs(reports.POST, admin, req("POST", { type: "access", range: "custom", format: "csv" }))).status,
    ).toBe(400);

    // Zoe's role is scoped to one team and may read reports: she sees the ones she created (none).
    const lead = await signedIn(t.db, "globex", "zoe.adams@globex.test");
    expect((await lead.actor()).scope?.teams?.length).toBe(1);
    const seen = (await (await callAs(reports.GET, lead, req())).json()) as { data: ReportView[] };
    expect(seen.data).toEqual([]);
  });

  it("the console's history pages on the server: newest first, the page's slice, the total, the caller's scope", async () => {
    // Both as the resolver builds them from their session cookies.
    const lead = await (await signedIn(t.db, "globex", "zoe.adams@globex.test")).actor();
    const hank = await globexAdmin.actor();
    const g = globexAdmin.tenantId;
    const base = Date.UTC(2025, 0, 1);
    // 70 old reports in Globex, 25 of them asked for by the team-scoped lead (usage reports: her
    // role has no audit.read, so audit-based types would not be listed for her at all).
    await withTenant(
      g,
      (tx) =>
        tx.report.createMany({
          data: Array.from({ length: 70 }, (_, j) => ({
            id: `rep_page${String(j).padStart(3, "0")}`,
            tenantId: g,
            type: "usage",
            format: "csv",
            status: "failed",
            error: "seeded for paging",
            createdBy: j % 70 < 25 ? actorRefOf(g, auditActor(lead)) : "usr_someone_else",
            createdAt: new Date(base + j * 60_000),
          })),
        }),
      { db: t.db },
    );
    const total = await withTenant(g, (tx) => tx.report.count(), { db: t.db });
    expect(total).toBeGreaterThan(70);
    const first = await withTenant(g, (tx) => reportHistory(tx, hank), { db: t.db });
    expect([first.total, first.page, first.pageSize, first.rows.length]).toEqual([total, 1, 20, 20]);
    const times = first.rows.map((r) => r.created_at);
    expect(times).toEqual([...times].sort().reverse());
    // The last page holds the oldest seeded ones; a page past the end shows the last page.
    const lastNo = Math.ceil(total / 20);
    const last = await withTenant(g, (tx) => reportHistory(tx, hank, { page: lastNo }), { db: t.db });
    expect(last.rows.length).toBe(total - (lastNo - 1) * 20);
    expect(last.rows.at(-1)!.id).toBe("rep_page000");
    const past = await withTenant(g, (tx) => reportHistory(tx, hank, { page: 9999 }), { db: t.db });
    expect([past.page, past.rows.map((r) => r.id)]).toEqual([lastNo, last.rows.map((r) => r.id)]);
    // The scoped lead pages only through the 25 she asked for: 20, then 5.
    const mine1 = await withTenant(g, (tx) => reportHistory(tx, lead), { db: t.db });
    const mine2 = await withTenant(g, (tx) => reportHistory(tx, lead, { page: 2 }), { db: t.db });
    expect([mine1.total, mine1.rows.length, mine2.rows.length]).toEqual([25, 20, 5]);
    expect([...mine1.rows, ...mine2.rows].map((r) => r.id)).toEqual(
      Array.from({ length: 25 }, (_, i) => `rep_page${String(24 - i).padStart(3, "0")}`),
    );
    // Another tenant's history has none of them.
    const alice = await admin.actor();
    const acmeAll = await withTenant(acme, (tx) => reportHistory(tx, alice, { pageSize: 200 }), { db: t.db });
    expect(acmeAll.rows.some((r) => r.id.startsWith("rep_page"))).toBe(false);
  });
});
