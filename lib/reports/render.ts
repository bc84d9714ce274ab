// The three report formats, written batch by batch into a sink:
//   csv  RFC 4180 (CRLF, quoted as needed), UTF-8, a header row, then one line per row; text
//        cells starting with = + - @ tab or CR are prefixed with ' so no spreadsheet runs them.
//   json {"$schema", "report": metadata, "summary", "columns", "rows": [...], "row_count"}
//        (schema in lib/reports/json-schema.ts, served at /v1/reports/schema).
//   pdf  cover, summary (figures, a vector chart, breakdowns), the detail table up to
//        PDF_ROW_CAP rows, and on every page a footer with page numbers, the content hash and
//        the audit-chain head at generation time. Drawn with pdfkit: no browser, no network.
import "server-only";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { stringify as csvStream } from "csv-stringify";
import { stringify } from "csv-stringify/sync";
import { safeCell } from "@/lib/audit/export-format";
import type { Cell, Row } from "./sources";
import {
  RANGE_LABEL,
  REPORT_TYPE_DESCRIPTION,
  REPORT_TYPE_LABEL,
  type Figure,
  type ReportFormat,
  type ReportParams,
  type ReportSummary,
  type ReportType,
} from "./spec";

export const JSON_SCHEMA_ID = "https://warden.dev/schemas/report-v1.json";
export const PDF_ROW_CAP = 10_000;

export interface ReportMeta {
  id: string;
  type: ReportType;
  format: ReportFormat;
  tenant: { id: string; name: string };
  generated_at: string;
  generated_by: { ref: string; name: string | null };
  params: ReportParams;
  chain_head: { seq: number; hash: string };
}

export type Sink = (data: Buffer | string) => Promise<void>;
export type Batches = AsyncIterable<Row[]>;

function csvCell(v: Cell): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return String(v);
  return safeCell(v);
}

export function csvLines(columns: string[], rows: Row[], header = false): string {
  const records = rows.map((r) => columns.map((c) => csvCell(r[c])));
  return stringify(header ? [columns, ...records] : records, { record_delimiter: "windows" });
}

/**
 * The CSV file, streamed: records go through one csv-stringify stream (the same options as
 * csvLines, so the same bytes), whose output is read and handed to the sink as fast as the sink
 * takes it; a full stream buffer stops the writing (drain), and the next batch is only asked for
 * then, so memory stays at a batch and a buffer whatever the row count.
 */
export async function renderCsv(
  columns: string[],
  batches: Batches,
  sink: Sink,
  onRows: (n: number) => void,
): Promise<void> {
  const csv = csvStream({ record_delimiter: "windows", writableHighWaterMark: 512, readableHighWaterMark: 256 * 1024 });
  const drained = (async () => {
    for await (const part of csv) await sink(part as Buffer);
  })();
  // A failing sink ends the reading loop; writing must stop too instead of waiting for a drain.
  let failed: unknown = null;
  drained.catch((e) => {
    failed = e;
    csv.destroy();
  });
  const drain = () => Promise.race([once(csv, "drain"), drained]);
  if (!csv.write(columns)) await drain();
  for await (const rows of batches) {
    for (const r of rows) {
      if (!csv.write(columns.map((c) => csvCell(r[c])))) await drain();
      if (failed) throw failed;
    }
    onRows(rows.length);
  }
  csv.end();
  await drained;
}

export async function renderJson(
  meta: ReportMeta,
  summary: ReportSummary,
  columns: string[],
  batches: Batches,
  sink: Sink,
  onRows: (n: number) => void,
): Promise<void> {
  const head = {
    $schema: JSON_SCHEMA_ID,
    report: meta,
    summary: { figures: summary.figures, chart: summary.chart, breakdowns: summary.breakdowns },
    columns,
  };
  await sink(JSON.stringify(head).slice(0, -1) + ',"rows":[');
  let count = 0;
  for await (const rows of batches) {
    if (!rows.length) continue;
    await sink((count ? ",\n" : "\n") + rows.map((r) => JSON.stringify(r)).join(",\n"));
    count += rows.length;
    onRows(rows.length);
  }
  await sink(`\n],"row_count":${count}}\n`);
}

// ─── PDF ──────────────────────────────────────────────────────────────────────────────────

/** Columns shown in the PDF table per type (the CSV and JSON carry every column). */
const PDF_COLUMNS: Record<ReportType, { key: string; label: string; width: number }[]> = {
  access: [
    { key: "ts", label: "Time (UTC)", width: 118 },
    { key: "action", label: "Action", width: 150 },
    { key: "outcome", label: "Outcome", width: 60 },
    { key: "actor_name", label: "Actor", width: 130 },
    { key: "target_id", label: "Target", width: 150 },
    { key: "ip", label: "IP", width: 90 },
    { key: "seq", label: "Seq", width: 60 },
  ],
  data: [],
  security: [],
  usage: [
    { key: "ts", label: "Time (UTC)", width: 118 },
    { key: "provider", label: "Provider", width: 80 },
    { key: "model", label: "Model", width: 130 },
    { key: "status", label: "Status", width: 100 },
    { key: "prompt_tokens", label: "Prompt tok.", width: 70 },
    { key: "completion_tokens", label: "Compl. tok.", width: 70 },
    { key: "cost_usd", label: "Cost (USD)", width: 80 },
    { key: "latency_ms", label: "Latency ms", width: 60 },
  ],
  compliance: [
    { key: "framework", label: "Framework", width: 100 },
    { key: "control", label: "Control", width: 70 },
    { key: "title", label: "Title", width: 190 },
    { key: "status", label: "Status", width: 80 },
    { key: "evidence", label: "Evidence", width: 318 },
  ],
};
PDF_COLUMNS.data = PDF_COLUMNS.access;
PDF_COLUMNS.security = PDF_COLUMNS.access;

/** The standard PDF fonts speak WinAnsi; anything else is shown as '?'. */
const ascii = (s: string) => s.replace(/[^\x20-\x7e\xa0-\xff]/g, "?");

function fmt(f: Figure): string {
  if (f.unit === "usd")
    return `$${f.value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  if (f.unit === "percent") return `${f.value}%`;
  return f.value.toLocaleString("en-US");
}

function fit(doc: PDFKit.PDFDocument, text: string, width: number): string {
  let s = ascii(text);
  if (doc.widthOfString(s) <= width) return s;
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (doc.widthOfString(s.slice(0, mid) + "...") <= width) lo = mid;
    else hi = mid - 1;
  }
  s = s.slice(0, lo) + "...";
  return s;
}

const INK = "#111827";
const MUTED = "#6b7280";
const ACCENT = "#4f46e5";
const RULE = "#d1d5db";

export async function renderPdf(
  meta: ReportMeta,
  summary: ReportSummary,
  batches: Batches,
  sink: Sink,
  onRows: (n: number) => void,
  cap: number = PDF_ROW_CAP,
): Promise<{ contentSha256: string; rowsShown: number }> {
  // pdfkit (and its font metrics, about 20 MB of RSS) is loaded by the first PDF, not by every
  // process that renders CSV or JSON.
  const { default: PDFDocument } = await import("pdfkit");
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margins: { top: 40, bottom: 50, left: 40, right: 40 },
    bufferPages: true,
    info: {
      Title: `${REPORT_TYPE_LABEL[meta.type]} report ${meta.id}`,
      Author: "Warden",
      Subject: `${meta.tenant.name} ${meta.params.from} - ${meta.params.to}`,
      CreationDate: new Date(meta.generated_at),
    },
  });
  const out: Buffer[] = [];
  doc.on("data", (b: Buffer) => out.push(b));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });
  const content = createHash("sha256");
  content.update(JSON.stringify({ report: meta, summary }));
  const W = doc.page.width - 80;
  const left = 40;

  // Cover.
  doc.rect(0, 0, doc.page.width, 8).fill(ACCENT);
  doc.fillColor(ACCENT).font("Helvetica-Bold").fontSize(12).text("WARDEN", left, 70);
  doc.fillColor(INK).fontSize(30).text(`${REPORT_TYPE_LABEL[meta.type]} report`, left, 100);
  doc.font("Helvetica").fontSize(12).fillColor(MUTED).text(REPORT_TYPE_DESCRIPTION[meta.type], left, 142, { width: W });
  const f = meta.params.filters;
  const filters = [
    f.users.length ? `users: ${f.users.join(", ")}` : "",
    f.teams.length ? `teams: ${f.teams.join(", ")}` : "",
    f.customers.length ? `customers: ${f.customers.join(", ")}` : "",
    f.event_types.length ? `event types: ${f.event_types.join(", ")}` : "",
  ].filter(Boolean);
  const cover: [string, string][] = [
    ["Tenant", `${meta.tenant.name} (${meta.tenant.id})`],
    ["Range", `${RANGE_LABEL[meta.params.range]}: ${meta.params.from} to ${meta.params.to}`],
    ["Filters", filters.length ? filters.join("; ") : "none"],
    ["Generated by", `${meta.generated_by.name ?? meta.generated_by.ref} (${meta.generated_by.ref})`],
    ["Generated at", meta.generated_at],
    ["Report id", meta.id],
    ["Audit chain head", `seq ${meta.chain_head.seq}, hash ${meta.chain_head.hash}`],
    [
      "Detail rows",
      summary.rows > cap
        ? `${summary.rows.toLocaleString("en-US")} (this PDF lists the first ${cap.toLocaleString("en-US")})`
        : summary.rows.toLocaleString("en-US"),
    ],
  ];
  let y = 200;
  for (const [k, v] of cover) {
    doc.font("Helvetica-Bold").fontSize(10).fillColor(MUTED).text(k, left, y, { width: 130 });
    doc
      .font("Helvetica")
      .fontSize(10)
      .fillColor(INK)
      .text(ascii(v), left + 140, y, { width: W - 140 });
    y = Math.max(doc.y, y + 14) + 8;
  }
  doc
    .fontSize(9)
    .fillColor(MUTED)
    .text(
      "The footer of every page carries the SHA-256 of this report's content (metadata, summary and the rows listed) and the head of the tenant's tamper-evident audit chain when the report was generated; verify the chain with GET /v1/audit/verify. The SHA-256 of this file is kept in Warden's report history.",
      left,
      Math.max(y + 20, 440),
      { width: W },
    );

  // Summary.
  doc.addPage();
  doc.font("Helvetica-Bold").fontSize(18).fillColor(INK).text("Summary", left, 40);
  const cols = Math.min(4, summary.figures.length) || 1;
  const boxW = (W - (cols - 1) * 10) / cols;
  summary.figures.forEach((fig, i) => {
    const x = left + (i % cols) * (boxW + 10);
    const by = 72 + Math.floor(i / cols) * 58;
    doc.roundedRect(x, by, boxW, 48, 4).lineWidth(0.7).stroke(RULE);
    doc
      .font("Helvetica")
      .fontSize(8.5)
      .fillColor(MUTED)
      .text(ascii(fig.label), x + 8, by + 8, { width: boxW - 16, lineBreak: false });
    doc
      .font("Helvetica-Bold")
      .fontSize(16)
      .fillColor(INK)
      .text(fmt(fig), x + 8, by + 22, { width: boxW - 16, lineBreak: false });
  });
  y = 72 + Math.ceil(summary.figures.length / cols) * 58 + 10;
  y = drawChart(doc, summary, left, y, W, 170);
  if (summary.rows > cap) {
    doc
      .font("Helvetica-Bold")
      .fontSize(9.5)
      .fillColor("#b45309")
      .text(
        `This PDF lists the first ${cap.toLocaleString("en-US")} of ${summary.rows.toLocaleString("en-US")} rows; the figures above cover all of them. ` +
          `The full data: create the same report as CSV or JSON (POST /v1/reports with format "csv" or "json" and the parameters on the cover), which streams every row.`,
        left,
        y + 6,
        { width: W },
      );
    y = doc.y + 4;
  }
  for (const b of summary.breakdowns) {
    if (!b.rows.length) continue;
    if (y > doc.page.height - 170) {
      doc.addPage();
      y = 40;
    } else y += 16;
    doc.font("Helvetica-Bold").fontSize(12).fillColor(INK).text(ascii(b.title), left, y);
    const widths = b.columns.map((_, i) => (i === 0 ? W * 0.34 : (W * 0.66) / (b.columns.length - 1)));
    y = table(
      doc,
      b.columns.map((c, i) => ({ key: String(i), label: c, width: widths[i] })),
      b.rows.map((r) => Object.fromEntries(r.map((v, i) => [String(i), v]))),
      y + 20,
    );
  }

  // Detail rows.
  doc.addPage();
  doc.font("Helvetica-Bold").fontSize(14).fillColor(INK).text("Detail", left, 40);
  const pcols = PDF_COLUMNS[meta.type];
  const scale = W / pcols.reduce((a, c) => a + c.width, 0);
  const scaled = pcols.map((c) => ({ ...c, width: c.width * scale }));
  let shown = 0;
  let ty = tableHeader(doc, scaled, 66);
  for await (const rows of batches) {
    const take = rows.slice(0, Math.max(0, cap - shown));
    for (const r of take) {
      content.update(JSON.stringify(r));
      if (ty > doc.page.height - 50 - 14) {
        doc.addPage();
        ty = tableHeader(doc, scaled, 40);
      }
      ty = tableRow(doc, scaled, r, ty, shown % 2 === 1);
      shown++;
    }
    onRows(rows.length);
    if (shown >= cap) break;
  }
  if (shown === 0)
    doc
      .font("Helvetica")
      .fontSize(10)
      .fillColor(MUTED)
      .text("No rows in this range with these filters.", left, ty + 6);
  else if (summary.rows > shown) {
    doc
      .font("Helvetica-Bold")
      .fontSize(9.5)
      .fillColor("#b45309")
      .text(
        `Rows ${(shown + 1).toLocaleString("en-US")} to ${summary.rows.toLocaleString("en-US")} are in the CSV and JSON formats of this report (same parameters).`,
        left,
        ty + 8,
        { width: W },
      );
  }

  const contentSha256 = content.digest("hex");
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const fy = doc.page.height - 34;
    doc
      .moveTo(left, fy - 6)
      .lineTo(left + W, fy - 6)
      .lineWidth(0.5)
      .stroke(RULE);
    doc.font("Helvetica").fontSize(7).fillColor(MUTED);
    doc.text(
      `Content SHA-256 ${contentSha256}  |  Audit chain head seq ${meta.chain_head.seq} ${meta.chain_head.hash.slice(0, 16)}...`,
      left,
      fy,
      { width: W - 80, lineBreak: false },
    );
    doc.text(`Page ${i + 1 - range.start} of ${range.count}`, left + W - 80, fy, {
      width: 80,
      align: "right",
      lineBreak: false,
    });
    doc.text(`${meta.tenant.name} - ${REPORT_TYPE_LABEL[meta.type]} report ${meta.id}`, left, fy + 10, {
      width: W,
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await ended;
  for (const b of out) await sink(b);
  return { contentSha256, rowsShown: shown };
}

type Col = { key: string; label: string; width: number };

function tableHeader(doc: PDFKit.PDFDocument, cols: Col[], y: number): number {
  let x = 40;
  doc
    .rect(
      40,
      y,
      cols.reduce((a, c) => a + c.width, 0),
      16,
    )
    .fill("#eef2ff");
  doc.font("Helvetica-Bold").fontSize(8).fillColor(INK);
  for (const c of cols) {
    doc.text(fit(doc, c.label, c.width - 6), x + 3, y + 4, { lineBreak: false });
    x += c.width;
  }
  return y + 16;
}

function tableRow(doc: PDFKit.PDFDocument, cols: Col[], r: Record<string, unknown>, y: number, shade: boolean): number {
  if (shade)
    doc
      .rect(
        40,
        y,
        cols.reduce((a, c) => a + c.width, 0),
        14,
      )
      .fill("#f9fafb");
  doc.font("Helvetica").fontSize(7.5).fillColor(INK);
  let x = 40;
  for (const c of cols) {
    // People without a display name (failed sign-ins of unknown e-mails) show their pseudonymous ref.
    const v = c.key === "actor_name" ? (r.actor_name ?? r.actor_ref) : r[c.key];
    doc.text(fit(doc, v === null || v === undefined ? "" : String(v), c.width - 6), x + 3, y + 3.5, {
      lineBreak: false,
    });
    x += c.width;
  }
  return y + 14;
}

function table(doc: PDFKit.PDFDocument, cols: Col[], rows: Record<string, unknown>[], y0: number): number {
  let y = tableHeader(doc, cols, y0);
  rows.forEach((r, i) => {
    if (y > doc.page.height - 64) {
      doc.addPage();
      y = tableHeader(doc, cols, 40);
    }
    y = tableRow(doc, cols, r, y, i % 2 === 1);
  });
  return y;
}

/** A bar chart as vector graphics: axis, gridlines, bars and sparse labels. */
function drawChart(
  doc: PDFKit.PDFDocument,
  summary: ReportSummary,
  x: number,
  y: number,
  w: number,
  h: number,
): number {
  const pts = summary.chart.points;
  doc.font("Helvetica-Bold").fontSize(11).fillColor(INK).text(ascii(summary.chart.title), x, y);
  const top = y + 20;
  const plotX = x + 40;
  const plotW = w - 50;
  const plotH = h - 40;
  const max = Math.max(1, ...pts.map((p) => p.value));
  const step = niceStep(max);
  const ceil = Math.ceil(max / step) * step;
  doc.font("Helvetica").fontSize(7).fillColor(MUTED);
  for (let v = 0; v <= ceil; v += step) {
    const gy = top + plotH - (v / ceil) * plotH;
    doc
      .moveTo(plotX, gy)
      .lineTo(plotX + plotW, gy)
      .lineWidth(0.4)
      .stroke(RULE);
    doc.fillColor(MUTED).text(v.toLocaleString("en-US"), x, gy - 3, { width: 34, align: "right", lineBreak: false });
  }
  if (pts.length) {
    const slot = plotW / pts.length;
    const bw = Math.max(1, slot * 0.7);
    const every = Math.ceil(pts.length / 12);
    pts.forEach((p, i) => {
      const bh = (p.value / ceil) * plotH;
      const bx = plotX + i * slot + (slot - bw) / 2;
      if (bh > 0) doc.rect(bx, top + plotH - bh, bw, bh).fill(ACCENT);
      if (i % every === 0) {
        const label = /^\d{4}-\d{2}-\d{2}$/.test(p.label) ? p.label.slice(5) : p.label;
        doc
          .font("Helvetica")
          .fontSize(7)
          .fillColor(MUTED)
          .text(ascii(label), plotX + i * slot - 20 + slot / 2, top + plotH + 4, {
            width: 40,
            align: "center",
            lineBreak: false,
          });
      }
    });
  }
  return top + h - 14;
}

function niceStep(max: number): number {
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * mag >= raw) return Math.max(1, m * mag);
  return Math.max(1, 10 * mag);
}
