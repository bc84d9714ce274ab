"use client";
// The report builder: type, range (presets or custom dates), searchable filters, a live preview
// (figures, chart, first rows) from POST /v1/reports/preview, format, generation with progress
// (polling GET /v1/reports/{id}), and the history table with "download again", paged on the
// server (`?page=` in the URL; the page re-renders with the new slice).
import { useCan } from "@/components/rbac/can";
import { useCallback, useEffect, useMemo, useRef, useState, useTransition } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CardPanel } from "@/components/ui/panel";
import { cn } from "@/components/ui/cn";
import { api, must, untilDeclared, type RequestBody } from "@/lib/api/client";
import type { ListPage } from "@/lib/governance/list-query";
import {
  RANGE_LABEL,
  REPORT_FORMATS,
  REPORT_RANGES,
  REPORT_TYPE_DESCRIPTION,
  REPORT_TYPE_LABEL,
  type Figure,
  type PreviewView,
  type ReportFilters,
  type ReportFormat,
  type ReportRange,
  type ReportType,
  type ReportView,
  type CreatedReportView,
} from "@/lib/reports/spec";
import { MultiSelect, type Option } from "./multi-select";
import { AXIS, CHART_GRID, TOOLTIP } from "@/components/ui/chart-style";

export interface FilterOptions {
  users: Option[];
  teams: Option[];
  customers: Option[];
  eventTypes: Option[];
  usageStatuses: Option[];
}

const DAY = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);

/** The body POST /v1/reports and /v1/reports/preview take (typed by the OpenAPI document). */
function requestBody(
  type: ReportType,
  range: ReportRange,
  from: string,
  to: string,
  filters: ReportFilters,
  format: ReportFormat,
): RequestBody<"/v1/reports", "post"> {
  if (range !== "custom") return { type, range, filters, format };
  // Custom dates are whole UTC days, the end day included.
  return {
    type,
    range,
    from: `${from}T00:00:00.000Z`,
    to: new Date(Date.parse(`${to}T00:00:00.000Z`) + DAY).toISOString(),
    filters,
    format,
  };
}

export function fmtFigure(f: Figure): string {
  if (f.unit === "usd")
    return `$${f.value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  if (f.unit === "percent") return `${f.value}%`;
  return f.value.toLocaleString("en-US");
}

export function fmtBytes(n: number | null): string {
  if (n === null) return "-";
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** `types`: the report types this person may build (audit-based ones need audit.read; the server checks again). */
export function ReportsWorkspace({
  options,
  history,
  types,
}: {
  options: FilterOptions;
  history: ListPage<ReportView>;
  types: ReportType[];
}) {
  const router = useRouter();
  const canCreate = useCan("reports.create");
  const [type, setType] = useState<ReportType>(types[0] ?? "usage");
  const [range, setRange] = useState<ReportRange>("7d");
  const [from, setFrom] = useState(() => new Date(Date.now() - 7 * DAY).toISOString().slice(0, 10));
  const [to, setTo] = useState(today);
  const [filters, setFilters] = useState<ReportFilters>({ users: [], teams: [], customers: [], event_types: [] });
  const [format, setFormat] = useState<ReportFormat>("pdf");
  const [preview, setPreview] = useState<PreviewView | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState(false);
  // A freshly created report also carries the approval request that holds it, if any.
  const [active, setActive] = useState<(ReportView & Partial<Pick<CreatedReportView, "approval">>) | null>(null);
  const [createError, setCreateError] = useState<string | null>(null);
  const seq = useRef(0);

  const body = useMemo(
    () => requestBody(type, range, from, to, filters, format),
    [type, range, from, to, filters, format],
  );
  const customInvalid = range === "custom" && (!from || !to || from > to);

  // Live preview, debounced; only the latest answer is shown.
  useEffect(() => {
    if (!canCreate || customInvalid) return;
    const n = ++seq.current;
    const timer = setTimeout(async () => {
      setPreviewing(true);
      try {
        const next = await must(api.POST("/v1/reports/preview", { body }), untilDeclared<PreviewView>());
        if (n !== seq.current) return;
        setPreview(next);
        setPreviewError(null);
      } catch (e) {
        if (n === seq.current) setPreviewError((e as Error).message);
      } finally {
        if (n === seq.current) setPreviewing(false);
      }
    }, 300);
    return () => clearTimeout(timer);
  }, [body, canCreate, customInvalid]);

  // The history is the server's page: re-render it after a report is created or finishes.
  const refresh = useCallback(() => router.refresh(), [router]);

  // Progress of the report being generated.
  useEffect(() => {
    if (!active || active.status === "completed" || active.status === "failed" || active.status === "pending_approval")
      return;
    const timer = setTimeout(async () => {
      // A failed poll is skipped; the next render polls again.
      const next = await must(
        api.GET("/v1/reports/{id}", { params: { path: { id: active.id } } }),
        untilDeclared<ReportView>(),
      ).catch(() => null);
      if (!next) return;
      setActive(next);
      if (next.status === "completed" || next.status === "failed") void refresh();
    }, 600);
    return () => clearTimeout(timer);
  }, [active, refresh]);

  async function generate() {
    setCreateError(null);
    try {
      setActive(await must(api.POST("/v1/reports", { body }), untilDeclared<ReportView>()));
    } catch (e) {
      setCreateError((e as Error).message);
      return;
    }
    refresh();
  }

  // A report held by a require_approval rule starts once another admin approved it.
  async function startApproved(id: string) {
    setCreateError(null);
    try {
      setActive(
        await must(api.POST("/v1/reports/{id}/start", { params: { path: { id } } }), untilDeclared<ReportView>()),
      );
    } catch (e) {
      setCreateError((e as Error).message);
      return;
    }
    void refresh();
  }

  const eventOptions = type === "usage" ? options.usageStatuses : options.eventTypes;
  const set = (k: keyof ReportFilters) => (v: string[]) => setFilters((f) => ({ ...f, [k]: v }));

  return (
    <div className="space-y-6">
      {canCreate ? (
        <div className="grid gap-6 xl:grid-cols-[minmax(0,420px)_minmax(0,1fr)]">
          <Card className="space-y-5 p-4 sm:p-5" data-testid="report-builder">
            <fieldset>
              <legend className="text-sm font-semibold text-fg">Report type</legend>
              <div className="mt-2 grid gap-2 sm:grid-cols-2 xl:grid-cols-1">
                {types.map((t) => (
                  <label
                    key={t}
                    className={cn(
                      "flex cursor-pointer gap-3 rounded-md border px-3 py-2 text-sm",
                      type === t ? "border-accent bg-accent-soft" : "border-border hover:bg-surface-2",
                    )}
                  >
                    <input
                      type="radio"
                      name="report-type"
                      value={t}
                      checked={type === t}
                      onChange={() => {
                        setType(t);
                        setFilters((f) => ({ ...f, event_types: [] }));
                      }}
                      className="mt-1 accent-[var(--color-accent)]"
                    />
                    <span>
                      <span className="block font-medium text-fg">{REPORT_TYPE_LABEL[t]}</span>
                      <span className="block text-xs leading-5 text-muted">{REPORT_TYPE_DESCRIPTION[t]}</span>
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>

            <fieldset>
              <legend className="text-sm font-semibold text-fg">Range</legend>
              <div className="mt-2 flex flex-wrap gap-1.5" role="radiogroup">
                {REPORT_RANGES.map((r) => (
                  <button
                    key={r}
                    type="button"
                    role="radio"
                    aria-checked={range === r}
                    onClick={() => setRange(r)}
                    className={buttonClass(range === r ? "primary" : "secondary", "sm")}
                  >
                    {RANGE_LABEL[r]}
                  </button>
                ))}
              </div>
              {range === "custom" && (
                <div className="mt-3 grid grid-cols-2 gap-3">
                  <label className="text-xs font-medium text-muted">
                    From
                    <input
                      type="date"
                      value={from}
                      max={to}
                      onChange={(e) => setFrom(e.target.value)}
                      className="mt-1 h-9 w-full rounded-md border border-border-strong bg-surface px-2 text-sm text-fg"
                    />
                  </label>
                  <label className="text-xs font-medium text-muted">
                    To (included)
                    <input
                      type="date"
                      value={to}
                      min={from}
                      onChange={(e) => setTo(e.target.value)}
                      className="mt-1 h-9 w-full rounded-md border border-border-strong bg-surface px-2 text-sm text-fg"
                    />
                  </label>
                  {customInvalid && (
                    <p className="col-span-2 text-xs text-danger-text">Pick a start date on or before the end date.</p>
                  )}
                </div>
              )}
            </fieldset>

            {type !== "compliance" && (
              <fieldset className="space-y-3">
                <legend className="text-sm font-semibold text-fg">Filters</legend>
                <MultiSelect label="Users" options={options.users} value={filters.users} onChange={set("users")} />
                <MultiSelect label="Teams" options={options.teams} value={filters.teams} onChange={set("teams")} />
                <MultiSelect
                  label="Customers"
                  options={options.customers}
                  value={filters.customers}
                  onChange={set("customers")}
                />
                <MultiSelect
                  label={type === "usage" ? "Request statuses" : "Event types"}
                  options={eventOptions}
                  value={filters.event_types}
                  onChange={set("event_types")}
                />
              </fieldset>
            )}

            <fieldset>
              <legend className="text-sm font-semibold text-fg">Format</legend>
              <div className="mt-2 flex gap-1.5" role="radiogroup">
                {REPORT_FORMATS.map((f) => (
                  <button
                    key={f}
                    type="button"
                    role="radio"
                    aria-checked={format === f}
                    onClick={() => setFormat(f)}
                    className={buttonClass(format === f ? "primary" : "secondary", "sm", "min-w-16")}
                  >
                    {f.toUpperCase()}
                  </button>
                ))}
              </div>
            </fieldset>

            <div className="space-y-2 border-t border-border pt-4">
              <Button
                variant="primary"
                onClick={generate}
                disabled={
                  customInvalid || (active !== null && (active.status === "queued" || active.status === "running"))
                }
                data-testid="generate-report"
              >
                Generate {format.toUpperCase()} report
              </Button>
              {createError && (
                <p className="text-sm text-danger-text" role="alert">
                  {createError}
                </p>
              )}
              {active && <Progress report={active} onStart={() => void startApproved(active.id)} />}
            </div>
          </Card>

          <PreviewPanel preview={preview} error={previewError} loading={previewing} />
        </div>
      ) : (
        <Card className="p-5 text-sm text-muted">
          Your role can read saved reports. Building new ones needs the{" "}
          <code className="font-mono text-xs">reports.create</code> permission.
        </Card>
      )}

      <History history={history} />
    </div>
  );
}

function Progress({
  report,
  onStart,
}: {
  report: ReportView & Partial<Pick<CreatedReportView, "approval">>;
  onStart: () => void;
}) {
  const { rows_done, rows_estimated } = report.progress;
  const pct =
    report.status === "completed"
      ? 100
      : rows_estimated > 0
        ? Math.min(99, Math.round((100 * rows_done) / rows_estimated))
        : 0;
  return (
    <div
      className="rounded-md border border-border bg-surface-2 p-3 text-sm"
      data-testid="report-progress"
      aria-live="polite"
    >
      <div className="flex items-center justify-between gap-2">
        <span className="font-medium text-fg">
          {REPORT_TYPE_LABEL[report.type]} report, {report.format.toUpperCase()}
        </span>
        <StatusBadge status={report.status} />
      </div>
      <div
        className="mt-2 h-2 overflow-hidden rounded-full bg-surface"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-label="Report progress"
      >
        <div className="h-full bg-accent transition-all" style={{ width: `${pct}%` }} />
      </div>
      <p className="mt-1.5 text-xs text-muted">
        {rows_done.toLocaleString("en-US")} of {rows_estimated.toLocaleString("en-US")} rows
        {report.status === "completed" && report.size_bytes !== null ? `, ${fmtBytes(report.size_bytes)}` : ""}
      </p>
      {report.status === "failed" && <p className="mt-1 text-xs text-danger-text">{report.error}</p>}
      {report.status === "pending_approval" && (
        <div className="mt-2 space-y-2 text-xs text-muted" data-testid="report-pending-approval">
          <p>
            {report.approval?.message ?? "A require_approval rule holds this report."} Another admin approves it under{" "}
            <a href="/monitoring#approvals" className="text-accent-text underline">
              Monitoring → Approvals
            </a>
            ; then start it here.
          </p>
          <Button variant="secondary" size="sm" onClick={onStart}>
            Start approved report
          </Button>
        </div>
      )}
      {report.download_url && (
        <a
          href={report.download_url}
          className={buttonClass("secondary", "sm", "mt-2")}
          data-testid="download-latest"
          download
        >
          Download {report.format.toUpperCase()}
        </a>
      )}
    </div>
  );
}

function StatusBadge({ status }: { status: ReportView["status"] }) {
  const tone =
    status === "completed"
      ? "success"
      : status === "failed"
        ? "danger"
        : status === "pending_approval"
          ? "warning"
          : "accent";
  return <Badge tone={tone}>{status.replace("_", " ")}</Badge>;
}

function PreviewPanel({
  preview,
  error,
  loading,
}: {
  preview: PreviewView | null;
  error: string | null;
  loading: boolean;
}) {
  return (
    <Card className="min-w-0 p-4 sm:p-5" data-testid="report-preview" aria-busy={loading}>
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-sm font-semibold text-fg">Preview</h2>
        <span className="text-xs text-muted">
          {loading ? "Updating..." : preview ? `${preview.summary.rows.toLocaleString("en-US")} rows` : ""}
        </span>
      </div>
      {error && (
        <p className="mt-3 text-sm text-danger-text" role="alert">
          {error}
        </p>
      )}
      {!preview && !error && <p className="mt-3 text-sm text-muted">Loading the figures for these parameters...</p>}
      {preview && (
        <>
          <dl className="mt-3 grid grid-cols-2 gap-2 sm:grid-cols-4">
            {preview.summary.figures.map((f) => (
              <div
                key={f.key}
                className="min-w-0 rounded-md border border-border px-3 py-2"
                data-testid={`figure-${f.key}`}
              >
                <dt className="line-clamp-2 min-h-8 text-xs leading-4 text-muted" title={f.label}>
                  {f.label}
                </dt>
                <dd className="mt-0.5 text-lg font-semibold tabular-nums text-fg">{fmtFigure(f)}</dd>
              </div>
            ))}
          </dl>
          <h3 className="mt-5 text-xs font-medium text-muted">{preview.summary.chart.title}</h3>
          <div className="mt-2 h-48 w-full" role="img" aria-label={preview.summary.chart.title}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={preview.summary.chart.points} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
                <CartesianGrid {...CHART_GRID} />
                <XAxis
                  dataKey="label"
                  {...AXIS}
                  tickFormatter={(d: string) => (/^\d{4}-/.test(d) ? d.slice(5) : d)}
                  minTickGap={12}
                />
                <YAxis {...AXIS} width={40} allowDecimals={false} />
                <Tooltip {...TOOLTIP} />
                <Bar dataKey="value" name="count" fill="var(--color-accent, #4f46e5)" radius={[2, 2, 0, 0]} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <h3 className="mt-5 text-xs font-medium text-muted">First rows</h3>
          {preview.sample.length === 0 ? (
            <p className="mt-2 text-sm text-muted">No rows for these parameters.</p>
          ) : (
            <div className="mt-2 overflow-x-auto rounded-md border border-border">
              <table className="w-full min-w-[640px] text-left text-xs">
                <thead className="bg-surface-2 text-muted">
                  <tr>
                    {preview.summary.columns.slice(0, 7).map((c) => (
                      <th key={c} scope="col" className="px-2 py-1.5 font-medium whitespace-nowrap">
                        {c}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {preview.sample.map((r, i) => (
                    <tr key={i} className="border-t border-border">
                      {preview.summary.columns.slice(0, 7).map((c) => (
                        <td key={c} className="max-w-48 truncate px-2 py-1.5 text-fg" title={String(r[c] ?? "")}>
                          {String(r[c] ?? "")}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </Card>
  );
}

function params(r: ReportView): string {
  const f = r.params.filters;
  const parts = [
    r.params.range === "custom"
      ? `${r.params.from.slice(0, 10)} to ${r.params.to.slice(0, 10)}`
      : RANGE_LABEL[r.params.range],
  ];
  if (f.users.length) parts.push(`${f.users.length} user${f.users.length > 1 ? "s" : ""}`);
  if (f.teams.length) parts.push(`${f.teams.length} team${f.teams.length > 1 ? "s" : ""}`);
  if (f.customers.length) parts.push(`${f.customers.length} customer${f.customers.length > 1 ? "s" : ""}`);
  if (f.event_types.length) parts.push(f.event_types.join(", "));
  return parts.join(" · ");
}

function History({ history }: { history: ListPage<ReportView> }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const [pending, startTransition] = useTransition();
  const { rows: reports, total, page, pageSize } = history;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const go = (n: number) => {
    const next = new URLSearchParams(search.toString());
    if (n > 1) next.set("page", String(n));
    else next.delete("page");
    const qs = next.toString();
    startTransition(() => router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false }));
  };
  return (
    <CardPanel
      className="min-w-0"
      data-testid="report-history"
      title="History"
      description="Every generated report, with who asked for it, its parameters and the SHA-256 of its file."
    >
      {reports.length === 0 ? (
        <p className="px-5 py-8 text-center text-sm text-muted">No reports yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[880px] text-left text-sm">
            <thead className="bg-surface-2 text-xs text-muted">
              <tr>
                {["Report", "Parameters", "Generated by", "When", "Size", "SHA-256", "Status", ""].map((h, i) => (
                  <th key={i} scope="col" className="px-4 py-2 font-medium whitespace-nowrap">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => (
                <tr key={r.id} className="border-t border-border align-top" data-testid="history-row">
                  <td className="px-4 py-2.5 whitespace-nowrap">
                    <span className="font-medium text-fg">{REPORT_TYPE_LABEL[r.type]}</span>{" "}
                    <span className="text-xs text-muted">{r.format.toUpperCase()}</span>
                  </td>
                  <td className="max-w-64 px-4 py-2.5 text-xs text-muted">{params(r)}</td>
                  <td className="px-4 py-2.5 whitespace-nowrap text-fg">{r.created_by.name ?? r.created_by.ref}</td>
                  <td className="px-4 py-2.5 whitespace-nowrap text-muted">
                    <time dateTime={r.created_at}>{r.created_at.slice(0, 16).replace("T", " ")} UTC</time>
                  </td>
                  <td className="px-4 py-2.5 whitespace-nowrap text-muted tabular-nums">{fmtBytes(r.size_bytes)}</td>
                  <td className="px-4 py-2.5 font-mono text-xs text-muted" title={r.sha256 ?? undefined}>
                    {r.sha256 ? `${r.sha256.slice(0, 12)}...` : "-"}
                  </td>
                  <td className="px-4 py-2.5">
                    <StatusBadge status={r.status} />
                  </td>
                  <td className="px-4 py-2.5 text-right">
                    {r.download_url ? (
                      <a
                        href={r.download_url}
                        className={buttonClass("ghost", "sm")}
                        download
                        aria-label={`Download ${REPORT_TYPE_LABEL[r.type]} report ${r.id}`}
                      >
                        Download
                      </a>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {total > 0 && (
        <nav
          aria-label="History pages"
          className="flex flex-wrap items-center justify-between gap-2 border-t border-border px-4 py-3 text-sm text-muted sm:px-5"
        >
          <span aria-live="polite">
            Showing {from.toLocaleString("en-US")}–{to.toLocaleString("en-US")} of {total.toLocaleString("en-US")}
          </span>
          {pages > 1 && (
            <span className="flex items-center gap-2">
              <span>
                Page {page.toLocaleString("en-US")} of {pages.toLocaleString("en-US")}
              </span>
              <Button size="sm" disabled={page <= 1 || pending} onClick={() => go(page - 1)} aria-label="Previous page">
                ← Prev
              </Button>
              <Button size="sm" disabled={page >= pages || pending} onClick={() => go(page + 1)} aria-label="Next page">
                Next →
              </Button>
            </span>
          )}
        </nav>
      )}
    </CardPanel>
  );
}
