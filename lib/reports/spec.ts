// Report parameters: the five types, ranges, filters and formats, shared by /v1/reports, the
// builder page and the generator. Pure data and zod, safe in the browser.
import { z } from "zod";
import type { Permission } from "@/lib/rbac/permissions";

export const REPORT_TYPES = ["access", "usage", "data", "compliance", "security"] as const;
export type ReportType = (typeof REPORT_TYPES)[number];
export const REPORT_FORMATS = ["pdf", "csv", "json"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const REPORT_RANGES = ["24h", "7d", "30d", "custom"] as const;
export type ReportRange = (typeof REPORT_RANGES)[number];
export const REPORT_STATUSES = ["queued", "pending_approval", "running", "completed", "failed"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const REPORT_TYPE_LABEL: Record<ReportType, string> = {
  access: "Access",
  usage: "Usage",
  data: "Data",
  compliance: "Compliance",
  security: "Security",
};

export const REPORT_TYPE_DESCRIPTION: Record<ReportType, string> = {
  access: "Sign-ins and sign-outs, failed authentication, privilege escalations and unusual access patterns.",
  usage: "Gateway requests, model and provider usage, budget consumption and rate-limit violations.",
  data: "Data access and modification, exports, deletion requests and consent changes.",
  compliance: "Control evidence per framework: SOC 2 Type II, GDPR, ISO 27001, HIPAA.",
  security: "Security events and incidents: denials, escalations, role changes, chain checks, alerts.",
};

/**
 * What a report type needs besides reports.read / reports.create: types whose rows are audit
 * entries (who did what, from which IP) need audit.read, to create, preview, read or download.
 */
export const REPORT_TYPE_PERMISSION: Record<ReportType, Permission | null> = {
  access: "audit.read",
  usage: null,
  data: "audit.read",
  compliance: null,
  security: "audit.read",
};

/** The report types a holder of these permissions may build and read. */
export function reportTypesFor(permissions: Iterable<string>): ReportType[] {
  const held = new Set(permissions);
  return REPORT_TYPES.filter((t) => {
    const needs = REPORT_TYPE_PERMISSION[t];
    return needs === null || held.has(needs);
  });
}

export const RANGE_LABEL: Record<ReportRange, string> = {
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  custom: "Custom range",
};
export const RANGE_MS: Record<Exclude<ReportRange, "custom">, number> = {
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
};

const ids = z.array(z.string().trim().min(1).max(100)).max(200).default([]);

export const reportFiltersSchema = z.object({
  users: ids,
  teams: ids,
  customers: ids,
  /** Audit action names (a trailing ".*" matches a prefix) or, for usage, request statuses. */
  event_types: ids,
});
export type ReportFilters = z.infer<typeof reportFiltersSchema>;

export const reportRequestSchema = z
  .object({
    type: z.enum(REPORT_TYPES),
    range: z.enum(REPORT_RANGES).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    filters: reportFiltersSchema.default({ users: [], teams: [], customers: [], event_types: [] }),
    format: z.enum(REPORT_FORMATS).default("pdf"),
  })
  .refine((r) => (r.range && r.range !== "custom") || (r.from && r.to), {
    message: "Give a range (24h, 7d, 30d) or both from and to",
  })
  .refine((r) => !(r.from && r.to) || Date.parse(r.from) < Date.parse(r.to), { message: "from must be before to" });
export type ReportRequest = z.infer<typeof reportRequestSchema>;

/** The stored parameters: the window resolved to instants at creation. */
export const reportParamsView = z.object({
  range: z.enum(REPORT_RANGES),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  filters: z.object({
    users: z.array(z.string()),
    teams: z.array(z.string()),
    customers: z.array(z.string()),
    event_types: z.array(z.string()),
  }),
});
export type ReportParams = z.infer<typeof reportParamsView>;

export function resolveParams(r: ReportRequest, now: Date = new Date()): ReportParams {
  if (r.range && r.range !== "custom" && !(r.from && r.to)) {
    return {
      range: r.range,
      from: new Date(now.getTime() - RANGE_MS[r.range]).toISOString(),
      to: now.toISOString(),
      filters: r.filters,
    };
  }
  return {
    range: "custom",
    from: new Date(r.from!).toISOString(),
    to: new Date(r.to!).toISOString(),
    filters: r.filters,
  };
}

/** One headline figure. */
const figure = z.object({
  key: z.string(),
  label: z.string(),
  value: z.number(),
  /** How the number is shown: count (default), usd, tokens, percent. */
  unit: z.enum(["count", "usd", "tokens", "percent"]).optional(),
});
export type Figure = z.infer<typeof figure>;

const chartSeries = z.object({
  title: z.string(),
  /** Daily buckets (ISO date) or named categories. */
  points: z.array(z.object({ label: z.string(), value: z.number() })),
});
export type ChartSeries = z.infer<typeof chartSeries>;

const breakdown = z.object({
  title: z.string(),
  columns: z.array(z.string()),
  rows: z.array(z.array(z.union([z.string(), z.number()]))),
});
export type Breakdown = z.infer<typeof breakdown>;

export const reportSummaryView = z
  .object({
    figures: z.array(figure).describe("Headline figures"),
    chart: chartSeries,
    breakdowns: z.array(breakdown),
    rows: z.number().int().describe("Total rows in the detail table"),
    columns: z.array(z.string()).describe("The detail table's columns"),
  })
  .meta({ id: "ReportSummary" });
export type ReportSummary = z.infer<typeof reportSummaryView>;

/** A report as /v1/reports sends it. */
export const reportView = z
  .object({
    id: z.string(),
    type: z.enum(REPORT_TYPES),
    format: z.enum(REPORT_FORMATS),
    status: z.enum(REPORT_STATUSES),
    params: reportParamsView,
    progress: z.object({ rows_done: z.number().int(), rows_estimated: z.number().int() }),
    summary: reportSummaryView.nullable().describe("Set once the report is generated"),
    size_bytes: z.number().int().nullable(),
    sha256: z.string().nullable().describe("SHA-256 of the stored file (hex)"),
    chain_head: z
      .object({ seq: z.number().int(), hash: z.string() })
      .nullable()
      .describe("The audit chain head the report stops at"),
    error: z.string().nullable(),
    created_by: z.object({ ref: z.string(), name: z.string().nullable() }),
    created_at: z.iso.datetime(),
    started_at: z.iso.datetime().nullable(),
    completed_at: z.iso.datetime().nullable(),
    download_url: z.string().nullable().describe("Set when completed"),
  })
  .meta({ id: "Report" });
export type ReportView = z.infer<typeof reportView>;

/** POST /v1/reports: the report, and the approval request when a rule holds it (status pending_approval). */
export const createdReportView = reportView
  .extend({
    approval: z
      .object({ id: z.string(), status: z.string(), message: z.string() })
      .nullable()
      .describe("The approval request holding a pending_approval report"),
  })
  .meta({ id: "CreatedReport" });
export type CreatedReportView = z.infer<typeof createdReportView>;

export const previewView = z
  .object({
    type: z.enum(REPORT_TYPES),
    params: reportParamsView,
    summary: reportSummaryView,
    sample: z
      .array(z.record(z.string(), z.union([z.string(), z.number(), z.null()])))
      .describe("The first rows of the detail table"),
  })
  .meta({ id: "ReportPreview" });
export type PreviewView = z.infer<typeof previewView>;
