// The one metrics registry (prom-client), served in Prometheus text format by GET /metrics on the
// console (app/metrics/route.ts) and on the lean gateway (lib/gateway/node-handler.ts), both
// behind WARDEN_METRICS_TOKEN (metricsAccess below; ADR 0028).
// Every metric of Warden is declared in this file, so names, labels and their bounds are reviewed
// in one place. Labels are bounded: a route TEMPLATE (/v1/teams/[id], never a URL), a status
// code, an error type from lib/errors.ts, a job or channel kind; a tenant slug only where a
// metric is per tenant by design (the chain verification result).
// To add one: declare it below with counter()/gauge()/histogram() (idempotent, so Next's separate
// route bundles and hot reload share one object per name) and call it where the thing happens.
import { createHash, timingSafeEqual } from "node:crypto";
import client, { type Counter, type Gauge, type Histogram, type Registry } from "prom-client";

const g = globalThis as unknown as { __wardenMetrics?: Registry };
export const registry: Registry = (g.__wardenMetrics ??= (() => {
  const r = new client.Registry();
  client.collectDefaultMetrics({ register: r, prefix: "warden_process_" });
  return r;
})());

function existing<T>(name: string): T | undefined {
  return registry.getSingleMetric(name) as T | undefined;
}

export function counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
  return existing<Counter<L>>(name) ?? new client.Counter<L>({ name, help, labelNames, registers: [registry] });
}

export function gauge<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[] = [],
  collect?: (this: Gauge<L>) => void | Promise<void>,
): Gauge<L> {
  return (
    existing<Gauge<L>>(name) ??
    new client.Gauge<L>({ name, help, labelNames, registers: [registry], ...(collect ? { collect } : {}) })
  );
}

export function histogram<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[] = [],
  buckets?: number[],
): Histogram<L> {
  return (
    existing<Histogram<L>>(name) ??
    new client.Histogram<L>({ name, help, labelNames, registers: [registry], ...(buckets ? { buckets } : {}) })
  );
}

const LATENCY = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

// --- HTTP (every route(), publicRoute(), scimRoute() and the lean gateway) --------------------
export const httpRequests = counter(
  "warden_http_requests_total",
  "HTTP requests answered, by route template, method and status",
  ["route", "method", "status"],
);
export const httpDuration = histogram(
  "warden_http_request_duration_seconds",
  "Time to answer (headers ready), by route template, method and status",
  ["route", "method", "status"],
  LATENCY,
);

// --- Gateway ------------------------------------------------------------------------------------
/** One per gateway request: admitted, or refused with the error type that refused it. */
export const gatewayAdmissions = counter(
  "warden_gateway_admissions_total",
  "Gateway requests by admission outcome (admitted | refused) and error type",
  ["outcome", "error_type"],
);
export const upstreamDuration = histogram(
  "warden_gateway_upstream_duration_seconds",
  "Time from sending to the provider until its response headers, by outcome (2xx | 4xx | 5xx | unreachable)",
  ["outcome"],
  LATENCY,
);
export const leaseRefills = counter(
  "warden_gateway_lease_refills_total",
  "Budget lease slices acquired from PostgreSQL, by outcome (granted | no_headroom | error)",
  ["outcome"],
);
/** Set by lib/gateway/leases.ts's collector: unused leased headroom held by this process. */
export const leaseHeadroomUsd = gauge(
  "warden_gateway_lease_headroom_usd",
  "Budget headroom leased by this process and not yet used (USD, all budgets)",
);
export const leasedBudgets = gauge("warden_gateway_leased_budgets", "Budgets this process holds a lease on");
export const settlementLag = histogram(
  "warden_gateway_settlement_lag_seconds",
  "Time from a request's answer to its usage record and spend committing",
  [],
  [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
);
export const settlementQueue = gauge("warden_gateway_settlement_queue", "Answered requests waiting to be settled");
export const settlementFailures = counter(
  "warden_gateway_settlement_failures_total",
  "Settlement batches that failed and were retried one by one",
);

// --- Audit --------------------------------------------------------------------------------------
export const auditAppendDuration = histogram(
  "warden_audit_append_duration_seconds",
  "appendAudit() inside its transaction (head lock, insert, checkpoint)",
  [],
  [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
);
export const chainVerified = gauge(
  "warden_audit_chain_valid",
  "Result of the last audit chain verification in this process (1 valid, 0 broken), per tenant",
  ["tenant"],
);
export const chainVerifiedAt = gauge(
  "warden_audit_chain_verified_timestamp_seconds",
  "When the last audit chain verification in this process finished, per tenant",
  ["tenant"],
);

export const chainVerifyRanges = counter(
  "warden_audit_verify_ranges_total",
  "Seq ranges of audit chains verified, by where: in this process, or in a verification process it started",
  ["by"],
);

/** Records a finished chain verification (lib/audit/verify.ts callers). */
export function recordChainVerification(tenantSlug: string, valid: boolean): void {
  chainVerified.set({ tenant: tenantSlug }, valid ? 1 : 0);
  chainVerifiedAt.set({ tenant: tenantSlug }, Date.now() / 1000);
}

// --- Notifications ------------------------------------------------------------------------------
export const notificationFailures = counter(
  "warden_notification_delivery_failures_total",
  "Notification delivery attempts that failed, by channel kind and whether the delivery is now dead",
  ["channel", "final"],
);
export const notificationDeliveries = counter(
  "warden_notification_deliveries_total",
  "Notification deliveries that succeeded, by channel kind",
  ["channel"],
);

// --- Jobs (background work; kinds are the job names, a fixed set) -------------------------------
export const jobQueueDepth = gauge("warden_job_queue_depth", "Jobs waiting to run, by kind", ["kind"]);
export const jobDuration = histogram(
  "warden_job_duration_seconds",
  "Job run time, by kind and outcome (ok | failed)",
  ["kind", "outcome"],
  [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900],
);

/** Runs one job and records its duration and outcome under `kind`. */
export async function timeJob<T>(kind: string, run: () => Promise<T>): Promise<T> {
  const end = jobDuration.startTimer({ kind });
  try {
    const out = await run();
    end({ outcome: "ok" });
    return out;
  } catch (e) {
    end({ outcome: "failed" });
    throw e;
  }
}

// --- Reports ------------------------------------------------------------------------------------
/** Set when a report file process (lib/reports/file-process.ts) finishes: its own peak RSS. */
export const reportFileProcessPeakRss = gauge(
  "warden_report_file_process_peak_rss_bytes",
  "Peak resident memory of the last report file process this process ran (bytes)",
);

// --- Exposition ---------------------------------------------------------------------------------
const gs = globalThis as unknown as { __wardenScrapeHooks?: Map<string, () => void | Promise<void>> };
const scrapeHooks = (gs.__wardenScrapeHooks ??= new Map());

/**
 * Registers a function that sets gauges from in-memory state just before each scrape (queue
 * lengths, leased headroom). Keyed by the caller's name, so a module loaded twice registers once.
 */
export function beforeScrape(fn: () => void | Promise<void>, key: string = fn.toString()): void {
  scrapeHooks.set(key, fn);
}

export async function metricsText(): Promise<string> {
  for (const fn of scrapeHooks.values()) {
    try {
      await fn();
    } catch {
      // A failing hook leaves its gauge at the last value; the scrape still answers.
    }
  }
  return registry.metrics();
}
export const METRICS_CONTENT_TYPE = registry.contentType;

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * Who may scrape: "disabled" when WARDEN_METRICS_TOKEN is unset or shorter than 16 characters
 * (answer 404: the endpoint does not exist), "denied" without the right bearer token (401),
 * "allowed" with it. Compared in constant time over SHA-256 digests (equal lengths).
 */
export function metricsAccess(
  authorization: string | null | undefined,
  token = process.env.WARDEN_METRICS_TOKEN,
): "allowed" | "denied" | "disabled" {
  if (!token || token.length < 16) return "disabled";
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!m) return "denied";
  return timingSafeEqual(digest(m[1]), digest(token)) ? "allowed" : "denied";
}

/** The full answer for a /metrics request (console route and gateway share it). */
export async function metricsResponse(
  authorization: string | null | undefined,
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const access = metricsAccess(authorization);
  if (access === "disabled")
    return { status: 404, headers: { "content-type": "text/plain; charset=utf-8" }, body: "Not found\n" };
  if (access === "denied")
    return {
      status: 401,
      headers: { "content-type": "text/plain; charset=utf-8", "www-authenticate": 'Bearer realm="warden-metrics"' },
      body: "Unauthorized\n",
    };
  return {
    status: 200,
    headers: { "content-type": METRICS_CONTENT_TYPE, "cache-control": "no-store" },
    body: await metricsText(),
  };
}
