// Pure parts of reports: parameter resolution and validation, team scoping, the CSV writer's
// RFC 4180 quoting and formula neutralisation, and a PDF rendered from fixed data.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { csvLines, renderJson, renderPdf, type ReportMeta } from "@/lib/reports/render";
import { scopedParams } from "@/lib/reports/service";
import { fillDays } from "@/lib/reports/sources";
import { reportRequestSchema, resolveParams, type ReportParams, type ReportSummary } from "@/lib/reports/spec";
import { parseCsv } from "../helpers/rfc4180";

const EMPTY = { users: [], teams: [], customers: [], event_types: [] };
const params: ReportParams = {
  range: "7d",
  from: "2026-11-15T12:00:00.000Z",
  to: "2026-11-22T12:00:00.000Z",
  filters: EMPTY,
};

describe("report parameters", () => {
  it("presets resolve to a window ending now; custom keeps its instants", () => {
    const now = new Date("2026-11-22T12:00:00.000Z");
    expect(resolveParams(reportRequestSchema.parse({ type: "usage", range: "24h" }), now)).toMatchObject({
      range: "24h",
      from: "2026-11-21T12:00:00.000Z",
      to: now.toISOString(),
    });
    const custom = resolveParams(
      reportRequestSchema.parse({ type: "usage", from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00+01:00" }),
      now,
    );
    expect(custom).toMatchObject({ range: "custom", from: "2026-11-01T00:00:00.000Z", to: "2026-11-01T23:00:00.000Z" });
  });

  it("refuses a missing or inverted range and unknown types", () => {
    expect(reportRequestSchema.safeParse({ type: "usage" }).success).toBe(false);
    expect(reportRequestSchema.safeParse({ type: "usage", range: "custom" }).success).toBe(false);
    expect(
      reportRequestSchema.safeParse({ type: "usage", from: "2026-11-02T00:00:00Z", to: "2026-11-01T00:00:00Z" })
        .success,
    ).toBe(false);
    expect(reportRequestSchema.safeParse({ type: "billing", range: "7d" }).success).toBe(false);
    expect(reportRequestSchema.parse({ type: "data", range: "30d" })).toMatchObject({ format: "pdf", filters: EMPTY });
  });

  it("a team-scoped caller reports on its own teams only", () => {
    expect(scopedParams(params, { teams: ["tm_a"] }).filters.teams).toEqual(["tm_a"]);
    expect(
      scopedParams({ ...params, filters: { ...EMPTY, teams: ["tm_a", "tm_b"] } }, { teams: ["tm_a"] }).filters.teams,
    ).toEqual(["tm_a"]);
    expect(() => scopedParams({ ...params, filters: { ...EMPTY, teams: ["tm_b"] } }, { teams: ["tm_a"] })).toThrow(
      /scope/,
    );
    expect(scopedParams(params, undefined)).toBe(params);
  });

  it("the daily chart has one point per UTC day, zero days included", () => {
    const pts = fillDays(params, new Map([["2026-11-16", 4]]));
    expect(pts.map((p) => p.label)).toEqual([
      "2026-11-15",
      "2026-11-16",
      "2026-11-17",
      "2026-11-18",
      "2026-11-19",
      "2026-11-20",
      "2026-11-21",
      "2026-11-22",
    ]);
    expect(pts[1].value).toBe(4);
    expect(pts[0].value).toBe(0);
  });
});

describe("CSV", () => {
  it("quotes per RFC 4180, ends records with CRLF and neutralises formula cells", () => {
    const rows = [
      { a: "=1+2", b: "+cmd", c: "-x", d: "@SUM(A1)", e: 'he said "hi", then\nleft', f: -5, g: null, h: "Zoë ✓" },
    ];
    const text = csvLines(Object.keys(rows[0]), rows, true);
    expect(text.endsWith("\r\n")).toBe(true);
    const parsed = parseCsv(text);
    expect(parsed[0]).toEqual(["a", "b", "c", "d", "e", "f", "g", "h"]);
    expect(parsed[1]).toEqual(["'=1+2", "'+cmd", "'-x", "'@SUM(A1)", 'he said "hi", then\nleft', "-5", "", "Zoë ✓"]);
  });
});

describe("JSON and PDF renderers", () => {
  const meta: ReportMeta = {
    id: "rep_test",
    type: "access",
    format: "pdf",
    tenant: { id: "tn_test", name: "Initech" },
    generated_at: "2026-11-22T12:00:00.000Z",
    generated_by: { ref: "usr_1", name: "Peter Gibbons" },
    params,
    chain_head: { seq: 4242, hash: "ab".repeat(32) },
  };
  const summary: ReportSummary = {
    figures: [
      { key: "logins", label: "Sign-ins", value: 1234 },
      { key: "failed_auth", label: "Failed authentications", value: 56 },
    ],
    chart: { title: "Events per day (UTC)", points: fillDays(params, new Map([["2026-11-16", 9]])) },
    breakdowns: [
      { title: "Events by action", columns: ["Action", "Outcome", "Events"], rows: [["auth.login", "success", 1234]] },
    ],
    rows: 30,
    columns: ["seq", "ts", "action"],
  };
  async function* batches() {
    yield Array.from({ length: 30 }, (_, i) => ({
      seq: i + 1,
      ts: "2026-11-16T10:00:00.000Z",
      action: i % 2 ? "auth.login" : "auth.login_failed",
      outcome: "success",
      actor_name: "Peter",
      target_id: null,
      ip: "10.0.0.1",
    }));
  }

  it("JSON streams into one valid document with a row count", async () => {
    let out = "";
    await renderJson(
      { ...meta, format: "json" },
      summary,
      summary.columns,
      batches(),
      async (d) => void (out += d),
      () => {},
    );
    const doc = JSON.parse(out);
    expect(doc.row_count).toBe(30);
    expect(doc.rows[29].seq).toBe(30);
    expect(doc.report.chain_head.seq).toBe(4242);
  });

  it("the PDF has a cover, figures, page numbers and the chain head in text", async () => {
    const parts: Buffer[] = [];
    let counted = 0;
    const res = await renderPdf(
      meta,
      summary,
      batches(),
      async (d) => void parts.push(Buffer.from(d)),
      (n) => (counted += n),
    );
    expect(res.rowsShown).toBe(30);
    expect(counted).toBe(30);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "warden-pdf-"));
    fs.writeFileSync(path.join(dir, "r.pdf"), Buffer.concat(parts));
    const text = execFileSync("pdftotext", ["-layout", path.join(dir, "r.pdf"), "-"]).toString();
    fs.rmSync(dir, { recursive: true, force: true });
    expect(text).toContain("Initech");
    expect(text).toContain("Peter Gibbons");
    expect(text).toContain("1,234");
    expect(text).toContain("Failed authentications");
    expect(text).toContain(`Content SHA-256 ${res.contentSha256}`);
    expect(text).toContain("seq 4242");
    expect(text).toMatch(/Page 3 of 3/);
    expect(text).toContain("Events by action");
  });

  it("past the row cap the PDF lists the first rows, keeps the full figures and says where the rest is", async () => {
    const parts: Buffer[] = [];
    const res = await renderPdf(
      meta,
      summary,
      batches(),
      async (d) => void parts.push(Buffer.from(d)),
      () => {},
      20,
    );
    expect(res.rowsShown).toBe(20);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "warden-pdf-"));
    fs.writeFileSync(path.join(dir, "r.pdf"), Buffer.concat(parts));
    const text = execFileSync("pdftotext", [path.join(dir, "r.pdf"), "-"])
      .toString()
      .replace(/\s+/g, " ");
    fs.rmSync(dir, { recursive: true, force: true });
    expect(text).toContain("30 (this PDF lists the first 20)");
    expect(text).toContain("This PDF lists the first 20 of 30 rows; the figures above cover all of them.");
    expect(text).toContain('format "csv" or "json"');
    expect(text).toContain("Rows 21 to 30 are in the CSV and JSON formats of this report");
    expect(text).toContain("1,234");
  });
});
