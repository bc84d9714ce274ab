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

export const RANGE_LABEL: Record<ReportRange, string> = { "24h": "Last 24 hours", "7d": "Last 7 days", "30d": "Last 30 days", custom: "Custom range" };
export const RANGE_MS: Record<Exclude<ReportRange, "custom">, number> = { "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 };

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
  .refine((r) => (r.range && r.range !== "custom") || (r.from && r.to), { message: "Give a range (24h, 7d, 30d) or both from and to" })
  .refine((r) => !(r.from && r.to) || Date.parse(r.from) < Date.parse(r.to), { message: "from must be before to" });
export type ReportRequest = z.infer<typeof reportRequestSchema>;

/** The stored parameters: the window resolved to instants at creation. */
export interface ReportParams {
  range: ReportRange;
  from: string;
  to: string;
  filters: ReportFilters;
}

export function resolveParams(r: ReportRequest, now: Date = new Date()): ReportParams {
  if (r.range && r.range !== "custom" && !(r.from && r.to)) {
    return { range: r.range, from: new Date(now.getTime() - RANGE_MS[r.range]).toISOString(), to: now.toISOString(), filters: r.filters };
  }
  return { range: "custom", from: new Date(r.from!).toISOString(), to: new Date(r.to!).toISOString(), filters: r.filters };
}

/** One headline figure. */
export interface Figure {
  key: string;
  label: string;
  value: number;
  /** How the number is shown: count (default), usd, tokens, percent. */
  unit?: "count" | "usd" | "tokens" | "percent";
}

export interface ChartSeries {
  title: string;
  /** Daily buckets (ISO date) or named categories. */
  points: { label: string; value: number }[];
}

export interface Breakdown {
  title: string;
  columns: string[];
  rows: (string | number)[][];
}

export interface ReportSummary {
  figures: Figure[];
  chart: ChartSeries;
  breakdowns: Breakdown[];
  /** Total rows in the detail table. */
  rows: number;
  columns: string[];
}

export interface ReportView {
  id: string;
  type: ReportType;
  format: ReportFormat;
  status: ReportStatus;
  params: ReportParams;
  progress: { rows_done: number; rows_estimated: number };
  summary: ReportSummary | null;
  size_bytes: number | null;
  sha256: string | null;
  chain_head: { seq: number; hash: string } | null;
  error: string | null;
  created_by: { ref: string; name: string | null };
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  download_url: string | null;
  /** Only on create: the approval request holding a pending_approval report. */
  approval?: { id: string; status: string; message: string } | null;
}

export interface PreviewView {
  type: ReportType;
  params: ReportParams;
  summary: ReportSummary;
  sample: Record<string, string | number | null>[];
}
