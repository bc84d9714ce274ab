// Reports: create (a row, status queued), the monitoring rules' approval gate, asynchronous generation as a
// report.generate job (any worker process; resumable after a crash, resume.ts) with progress, stored bytes (store.ts), list / get / download. Generating
// (report.create, then report.generate or report.failed) and downloading (report.download)
// are audit events.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { actorRefOf, appendAudit, auditActor, type AuditActorRef } from "@/lib/audit/append";
import type { Database } from "@/lib/db/runtime";
import { WardenError } from "@/lib/errors";
import type { Prisma, Report } from "@/lib/generated/prisma/client";
import { approvalGate, type GateRequest } from "@/lib/monitoring/approvals";
import { kickDelivery } from "@/lib/monitoring/monitor";
import { clampPage, PAGE_SIZE, type ListPage } from "@/lib/governance/list-query";
import { keysetArgs, keysetOf, type Page } from "@/lib/paging";
import { allTenantIds } from "@/lib/tenancy/system";
import { isTenantSuspended } from "@/lib/tenancy/suspension";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import { getDb } from "@/lib/db";
import { PDF_ROW_CAP, type ReportMeta } from "./render";
import { chainHead } from "@/lib/audit/chain";
import { sourceFor } from "./sources";
import { readReportFile } from "./store";
import { enqueueReportReady } from "./delivery";
import { committedChunks, renewHeartbeat } from "./resume";
import { Superseded } from "./chunk-writer";
import { writeReportFile } from "./write-file";
import { getJobs, jobsActive } from "@/lib/jobs";
import type { Permission } from "@/lib/rbac/permissions";
import {
  REPORT_TYPE_PERMISSION,
  REPORT_TYPES,
  reportTypesFor,
  resolveParams,
  type CreatedReportView,
  type PreviewView,
  type ReportFormat,
  type ReportParams,
  type ReportRequest,
  type ReportStatus,
  type ReportSummary,
  type ReportType,
  type ReportView,
} from "./spec";
import { log } from "@/lib/observability/log";

const CONTENT_TYPE: Record<ReportFormat, string> = {
  pdf: "application/pdf",
  csv: "text/csv; charset=utf-8",
  json: "application/json",
};

export interface Requester {
  tenantId: string;
  actor: AuditActorRef;
  /** What the requester holds: report types built from audit entries need audit.read. */
  permissions: ReadonlySet<Permission>;
  scope?: Actor["scope"];
  requestId?: string;
  ip?: string;
  db?: Database;
  /** "job": queue it for any worker process; "inline": generate here. Default: a job where this process runs jobs. */
  generate?: "job" | "inline";
  /** The schedule making this report (lib/reports/schedules.ts): delivered when it completes. */
  scheduleId?: string;
}

export function requesterOf(actor: Actor, opts: { requestId?: string; ip?: string; db?: Database } = {}): Requester {
  return {
    tenantId: actor.tenantId,
    actor: auditActor(actor),
    permissions: actor.permissions,
    scope: actor.scope,
    ...opts,
  };
}

/** Refuses (403) a report type whose rows the holder may not see, e.g. audit-based types without audit.read. */
export function assertMayReport(permissions: ReadonlySet<Permission>, type: string): void {
  const needs = REPORT_TYPE_PERMISSION[type as ReportType] ?? null;
  if (needs && !permissions.has(needs)) {
    throw new WardenError(
      "user_not_authorized",
      `${type[0].toUpperCase()}${type.slice(1)} reports are built from the audit trail and require the permission ${needs}`,
    );
  }
}

/** The report types this actor may not see: hidden from lists, refused when asked for by id. */
function hiddenTypes(actor: Actor): string[] {
  const allowed = new Set<string>(reportTypesFor(actor.permissions));
  return REPORT_TYPES.filter((t) => !allowed.has(t));
}

/** A team-scoped caller reports on its own teams only (asked-for teams outside the scope are dropped). */
export function scopedParams(p: ReportParams, scope: Actor["scope"]): ReportParams {
  if (!scope?.teams) return p;
  const own = new Set(scope.teams);
  const teams = p.filters.teams.length ? p.filters.teams.filter((t) => own.has(t)) : [...own];
  if (!teams.length) throw new WardenError("not_found", "No such team in your scope");
  return { ...p, filters: { ...p.filters, teams } };
}

// ─── Create, gate, start ────────────────────────────────────────────────────────────────────

/**
 * THE APPROVAL GATE: the monitoring rules' one gate (lib/monitoring/approvals.ts), asked once per
 * new report inside the transaction that created it, before any generation starts. A
 * require_approval rule on data_export_size (e.g. "> 1GB") holds a large report as
 * pending_approval with an approval request; after another admin approves, the requester starts
 * it with startApprovedReport(), which consumes the approval for exactly this report.
 * The size is estimated from the row count and a typical row size per format.
 */
const BYTES_PER_ROW: Record<ReportFormat, number> = { csv: 220, json: 420, pdf: 160 };
/** A PDF holds the summary and at most PDF_ROW_CAP detail rows, so its size does not grow past that. */
export const estimateReportBytes = (rows: number, format: ReportFormat) =>
  (format === "pdf" ? Math.min(rows, PDF_ROW_CAP) : rows) * BYTES_PER_ROW[format];

function gateRequest(row: Report, actor: AuditActorRef, requestId?: string, approvalId?: string): GateRequest {
  return {
    action: "report.create",
    params: { report_id: row.id, type: row.type, format: row.format, params: row.params as Record<string, unknown> },
    measures: { data_export_size: estimateReportBytes(row.rowsEstimated, row.format as ReportFormat) },
    approvalId,
    actor,
    requestId,
  };
}

/** The approval request holding a pending_approval report, if any. */
async function approvalFor(tx: TenantTx, reportId: string) {
  return tx.approvalRequest.findFirst({
    where: { action: "report.create", params: { path: ["report_id"], equals: reportId } },
    orderBy: { createdAt: "desc" },
  });
}

export async function createReport(
  who: Requester,
  request: ReportRequest,
  now: Date = new Date(),
): Promise<CreatedReportView> {
  assertMayReport(who.permissions, request.type);
  const params = scopedParams(resolveParams(request, now), who.scope);
  const createdBy = actorRefOf(who.tenantId, who.actor);
  // As a job, generation is enqueued in the creating transaction: no report without its job.
  const jobs = (who.generate ?? (jobsActive() ? "job" : "inline")) === "job" ? await getJobs({ db: who.db }) : null;
  await jobs?.ready();
  const report = await withTenant(
    who.tenantId,
    async (tx) => {
      const estimate = (await sourceFor(request.type).summary(tx, params, { uptoSeq: (await chainHead(tx)).seq })).rows;
      let row = await tx.report.create({
        data: {
          tenantId: who.tenantId,
          type: request.type,
          format: request.format,
          params: params as object,
          rowsEstimated: estimate,
          createdBy,
          createdByKind: who.actor.kind,
          createdByName: who.actor.displayName ?? who.actor.email ?? null,
          createdAt: now,
          scheduleId: who.scheduleId ?? null,
        },
      });
      await appendAudit(tx, {
        action: "report.create",
        outcome: "success",
        actor: who.actor,
        requestId: who.requestId,
        ip: who.ip,
        target: { type: "report", id: row.id },
        details: {
          type: row.type,
          format: row.format,
          range: params.range,
          from: params.from,
          to: params.to,
          filters: params.filters,
          estimated_rows: estimate,
        },
      });
      const gate = await approvalGate(tx, gateRequest(row, who.actor, who.requestId));
      if (!gate.allowed) {
        row = await tx.report.update({ where: { id: row.id }, data: { status: "pending_approval" } });
        return { row, approval: { id: gate.approval.id, status: gate.approval.status, message: gate.message } };
      }
      await jobs?.enqueue("report.generate", { tenantId: who.tenantId, reportId: row.id }, { tx });
      return { row, approval: null };
    },
    { db: who.db, timeout: 60_000 },
  );
  if (report.row.status === "queued" && !jobs) startReport(who.tenantId, report.row.id, { db: who.db });
  return { ...toView(report.row), approval: report.approval };
}

/**
 * Starts a pending_approval report once another admin approved its approval request: the gate
 * consumes the approval (once, by its requester, for exactly this report) and generation begins.
 */
export async function startApprovedReport(who: Requester, id: string): Promise<ReportView> {
  const row = await withTenant(
    who.tenantId,
    async (tx) => {
      const r = await tx.report.findFirst({ where: { id } });
      if (!r) throw new WardenError("not_found", "Report not found");
      assertMayReport(who.permissions, r.type);
      if (r.status !== "pending_approval")
        throw new WardenError("conflict", `This report is ${r.status.replace("_", " ")}, not waiting for approval`);
      const approval = await approvalFor(tx, id);
      if (!approval) throw new WardenError("conflict", "No approval request holds this report");
      const gate = await approvalGate(tx, gateRequest(r, who.actor, who.requestId, approval.id));
      if (!gate.allowed) throw new WardenError("approval_required", gate.message);
      return tx.report.update({ where: { id }, data: { status: "queued" } });
    },
    { db: who.db },
  );
  await dispatchReport(who.tenantId, row.id, who.db, who.generate);
  return toView(row);
}

const running = new Map<string, Promise<void>>();

/** How long a generating process may go without renewing its heartbeat before another takes over. */
export function reportLeaseMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.WARDEN_REPORT_LEASE_SECONDS ?? 60);
  return (Number.isFinite(n) && n >= 2 ? n : 60) * 1000;
}

/**
 * Starts generation of a queued report. Where this process runs the job system (the server, a
 * worker), it is a report.generate job (enqueued with `tx` in the creating transaction, or now),
 * picked up by any worker process; otherwise (scripts, tests, the seed) it runs here, fire and
 * forget, and reportSettled() waits for it. Progress is in the row either way.
 */
export function startReport(tenantId: string, id: string, opts: { db?: Database } = {}): Promise<void> {
  const existing = running.get(id);
  if (existing) return existing;
  const run = generateReport(tenantId, id, { db: opts.db })
    .then(() => undefined)
    .catch((e) => log.error({ report_id: id, err: e }, "report failed"))
    .finally(() => running.delete(id));
  running.set(id, run);
  return run;
}

/** Resolves when a report's generation in this process has ended (tests, seed, scripts). */
export async function reportSettled(id: string): Promise<void> {
  await running.get(id);
}

/** Queues (or, without a job system in this process, runs) the generation of a queued report. */
async function dispatchReport(tenantId: string, id: string, db?: Database, via?: "job" | "inline"): Promise<void> {
  if ((via ?? (jobsActive() ? "job" : "inline")) === "inline") {
    void startReport(tenantId, id, { db });
    return;
  }
  await (await getJobs({ db })).enqueue("report.generate", { tenantId, reportId: id });
}

/**
 * The report.generate job: claims the report (queued, or running with a stale heartbeat, i.e. its
 * process died) and generates it, resuming after the committed chunks. A report still held by a
 * live process is watched instead: the job comes back after one lease. While generating, a
 * watchdog job is queued one lease ahead, so a SIGKILLed process is taken over by another.
 */
/** While its tenant is suspended, a report.generate job looks again after this many seconds. */
export const SUSPENDED_RETRY_SECONDS = 60;

export async function reportJob(
  data: { tenantId: string; reportId: string },
  opts: { db?: Database } = {},
): Promise<void> {
  const lease = reportLeaseMs();
  const jobs = await getJobs({ db: opts.db });
  const watch = () => jobs.enqueue("report.generate", data, { startAfter: Math.ceil(lease / 1000) });
  // A suspended tenant's report is not started (a run already under way finishes): it stays queued
  // and the job comes back every SUSPENDED_RETRY_SECONDS until the tenant is resumed (ADR 0038).
  if (await isTenantSuspended(data.tenantId, opts.db)) {
    await jobs.enqueue("report.generate", data, {
      startAfter: SUSPENDED_RETRY_SECONDS,
      singletonKey: `suspended:${data.reportId}`,
      singletonSeconds: SUSPENDED_RETRY_SECONDS,
    });
    return;
  }
  const onClaim = async (token: number) => {
    console.log(
      `[warden] report ${data.reportId}: generating in process ${process.pid}${token > 1 ? ` (taken over, run ${token})` : ""}`,
    );
    await watch();
  };
  const outcome = await generateReport(data.tenantId, data.reportId, { db: opts.db, leaseMs: lease, onClaim });
  if (outcome === "held") await watch();
}

type GenerateOutcome = "done" | "held" | "gone" | "superseded";

async function generateReport(
  tenantId: string,
  id: string,
  opts: { db?: Database; leaseMs?: number; onClaim?: (token: number) => Promise<unknown> } = {},
): Promise<GenerateOutcome> {
  const db = opts.db;
  const leaseMs = opts.leaseMs ?? reportLeaseMs();
  const claimed = await withTenant(
    tenantId,
    async (tx) => {
      const stale = new Date(Date.now() - leaseMs);
      const now = new Date();
      const current = await tx.report.findFirst({ where: { id } });
      if (!current) return "gone" as const;
      const first = current.status === "queued" || current.status === "pending_approval";
      const takeover = current.status === "running" && (!current.heartbeatAt || current.heartbeatAt < stale);
      if (!first && !takeover) return current.status === "running" ? ("held" as const) : ("gone" as const);
      // One claim wins: the row must still be as read (status and token).
      const n = await tx.report.updateMany({
        where: { id, status: current.status, runToken: current.runToken },
        data: { status: "running", runToken: { increment: 1 }, heartbeatAt: now, ...(first ? { startedAt: now } : {}) },
      });
      if (n.count !== 1) return "held" as const;
      let report = await tx.report.findUniqueOrThrow({ where: { id } });
      if (first) {
        const head = await chainHead(tx);
        report = await tx.report.update({ where: { id }, data: { chainSeq: head.seq, chainHash: head.hash } });
      }
      const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true } });
      return {
        report,
        tenantName: tenant.name,
        committed: first ? { chunks: 0, bytes: 0 } : await committedChunks(tx, id),
      };
    },
    { db },
  );
  if (typeof claimed === "string") return claimed;
  const { report } = claimed;
  const token = report.runToken;
  const head = { seq: Number(report.chainSeq), hash: report.chainHash! };
  await opts.onClaim?.(token);
  const type = report.type as ReportType;
  const format = report.format as ReportFormat;
  const params = report.params as unknown as ReportParams;
  const actor: AuditActorRef = {
    kind: report.createdByKind,
    subject: report.createdBy,
    userId: report.createdByKind === "user" ? report.createdBy : undefined,
  };
  const snapshot = { uptoSeq: head.seq };
  const source = sourceFor(type);
  let superseded = false;
  let delivered = 0;
  // Between chunk commits the heartbeat is renewed on a timer (a slow batch must not look dead).
  const beat = setInterval(
    () => {
      withTenant(tenantId, (tx) => renewHeartbeat(tx, id, token), { db })
        .then((ok) => {
          if (!ok) superseded = true;
        })
        .catch(() => {});
    },
    Math.max(500, Math.floor(leaseMs / 3)),
  );
  beat.unref?.();
  try {
    // A resumed run uses the summary the first run stored, so the file's header is the same.
    let summary = report.summary as unknown as ReportSummary | null;
    if (!summary) {
      summary = await withTenant(tenantId, (tx) => source.summary(tx, params, snapshot), { db, timeout: 120_000 });
      await withTenant(
        tenantId,
        (tx) => tx.report.update({ where: { id }, data: { summary: summary as object, rowsEstimated: summary!.rows } }),
        { db },
      );
    }
    const database = db ?? (await getDb());
    const meta: ReportMeta = {
      id,
      type,
      format,
      tenant: { id: tenantId, name: claimed.tenantName },
      generated_at: report.startedAt!.toISOString(),
      generated_by: { ref: report.createdBy, name: report.createdByName },
      params,
      chain_head: head,
    };
    const written = await writeReportFile({
      db: database,
      tenantId,
      reportId: id,
      token,
      committed: claimed.committed,
      type,
      format,
      params,
      snapshot,
      meta,
      summary,
      superseded: () => superseded,
    });
    const done = written.rows;
    const { file, contentSha256 } = written;
    await withTenant(
      tenantId,
      async (tx) => {
        const n = await tx.report.updateMany({
          where: { id, runToken: token, status: "running" },
          data: {
            status: "completed",
            rowsDone: done,
            sizeBytes: BigInt(file.size),
            sha256: file.sha256,
            chunks: file.chunks,
            completedAt: new Date(),
            heartbeatAt: null,
          },
        });
        if (n.count !== 1) throw new Superseded(id);
        delivered = await enqueueReportReady(tx, report, { size: file.size, sha256: file.sha256, rows: done });
        await appendAudit(tx, {
          action: "report.generate",
          outcome: "success",
          actor,
          target: { type: "report", id },
          details: {
            type,
            format,
            rows: done,
            size_bytes: file.size,
            sha256: file.sha256,
            ...(contentSha256 ? { content_sha256: contentSha256 } : {}),
            chain_head_seq: head.seq,
            ...(token > 1 ? { resumed: token - 1 } : {}),
          },
        });
      },
      { db },
    );
    // A scheduled report's deliveries go out now rather than on the next monitoring pass.
    if (delivered) await kickDelivery(tenantId, db);
    return "done";
  } catch (e) {
    if (e instanceof Superseded) return "superseded";
    const message = e instanceof Error ? e.message : String(e);
    const failed = await withTenant(
      tenantId,
      async (tx) => {
        const n = await tx.report.updateMany({
          where: { id, runToken: token, status: "running" },
          data: { status: "failed", error: message.slice(0, 500), completedAt: new Date(), heartbeatAt: null },
        });
        if (n.count !== 1) return false;
        await tx.reportChunk.deleteMany({ where: { reportId: id } });
        await appendAudit(tx, {
          action: "report.failed",
          outcome: "failure",
          actor,
          target: { type: "report", id },
          details: { type, format, error: message.slice(0, 200) },
        });
        return true;
      },
      { db },
    );
    if (!failed) return "superseded";
    throw e;
  } finally {
    clearInterval(beat);
  }
}

/**
 * Without a job system (a single process that stopped while it generated), a report stays
 * "running" with a stale heartbeat. Where jobs run, the report.generate watchdog takes it over
 * and resumes it; this remains for a process that works no jobs: every report still running after
 * `staleMs` that this process is not generating is marked failed (its partial chunks removed)
 * and audited as report.failed, so the history tells the truth and it can be built again.
 */
export async function failInterruptedReports(
  opts: { db?: Database; staleMs?: number; now?: Date } = {},
): Promise<number> {
  const staleMs = opts.staleMs ?? Number(process.env.WARDEN_REPORT_STALE_MINUTES ?? 30) * 60_000;
  const cutoff = new Date((opts.now ?? new Date()).getTime() - staleMs);
  let failed = 0;
  for (const tenantId of await allTenantIds(opts.db)) {
    failed += await withTenant(
      tenantId,
      async (tx) => {
        const stale = (await tx.report.findMany({ where: { status: "running", startedAt: { lt: cutoff } } })).filter(
          (r) => !running.has(r.id),
        );
        for (const r of stale) {
          const message = "Generation was interrupted (the server stopped while it ran); create the report again";
          await tx.reportChunk.deleteMany({ where: { reportId: r.id } });
          await tx.report.update({
            where: { id: r.id },
            data: { status: "failed", error: message, completedAt: new Date() },
          });
          await appendAudit(tx, {
            action: "report.failed",
            outcome: "failure",
            actor: { kind: "system", subject: "report-recovery" },
            target: { type: "report", id: r.id },
            details: { type: r.type, format: r.format, error: message },
          });
        }
        return stale.length;
      },
      { db: opts.db },
    );
  }
  return failed;
}

/**
 * Reports a worker left "running" (its process stopped): each gets a report.generate job, which
 * takes it over once its heartbeat is stale and resumes it (worker start, lib/jobs/worker.ts).
 */
export async function resumeInterruptedReports(opts: { db?: Database; staleOnly?: boolean } = {}): Promise<number> {
  const jobs = await getJobs({ db: opts.db });
  const stale = new Date(Date.now() - reportLeaseMs());
  // staleOnly (every minute, lib/jobs/worker.ts): running reports whose holder stopped renewing, in
  // case the watchdog job itself was lost with the process that was working it.
  const where = opts.staleOnly
    ? { status: "running", OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: stale } }] }
    : { status: { in: ["running", "queued"] } };
  let n = 0;
  for (const tenantId of await allTenantIds(opts.db)) {
    const rows = await withTenant(tenantId, (tx) => tx.report.findMany({ where, select: { id: true } }), {
      db: opts.db,
    });
    for (const r of rows) {
      await jobs.enqueue("report.generate", { tenantId, reportId: r.id });
      n++;
    }
  }
  return n;
}

// ─── Read ──────────────────────────────────────────────────────────────────────────────────

export function toView(r: Report): ReportView {
  return {
    id: r.id,
    type: r.type as ReportType,
    format: r.format as ReportFormat,
    status: r.status as ReportStatus,
    params: r.params as unknown as ReportParams,
    progress: { rows_done: r.rowsDone, rows_estimated: r.rowsEstimated },
    summary: (r.summary as unknown as ReportSummary | null) ?? null,
    size_bytes: r.sizeBytes === null ? null : Number(r.sizeBytes),
    sha256: r.sha256,
    chain_head: r.chainSeq === null || !r.chainHash ? null : { seq: Number(r.chainSeq), hash: r.chainHash },
    error: r.error,
    created_by: { ref: r.createdBy, name: r.createdByName },
    created_at: r.createdAt.toISOString(),
    started_at: r.startedAt?.toISOString() ?? null,
    completed_at: r.completedAt?.toISOString() ?? null,
    download_url: r.status === "completed" ? `/v1/reports/${r.id}/download?format=${r.format}` : null,
  };
}

/**
 * Team-scoped callers see the reports they created; everyone else sees the tenant's. Lists leave
 * out the types the actor may not read (audit-based ones without audit.read).
 */
function visibleTo(actor: Actor, opts: { listing?: boolean } = {}): Prisma.ReportWhereInput {
  const hidden = opts.listing ? hiddenTypes(actor) : [];
  return {
    ...(actor.scope?.teams ? { createdBy: actorRefOf(actor.tenantId, auditActor(actor)) } : {}),
    ...(hidden.length ? { type: { notIn: hidden } } : {}),
  };
}

/** GET /v1/reports: newest first, one page. */
export async function listReports(
  tx: TenantTx,
  actor: Actor,
  page: Page,
): Promise<{ data: ReportView[]; next_cursor: string | null }> {
  const rows = await tx.report.findMany(keysetArgs(page, "createdAt", visibleTo(actor, { listing: true })));
  const out = keysetOf(rows, page, (r) => r.createdAt);
  return { data: out.data.map(toView), next_cursor: out.next_cursor };
}

/**
 * One page of the history, newest first, in the same visibility as listReports: the console's
 * Reports page. A page past the end shows the last page (as the governance lists do).
 */
export async function reportHistory(
  tx: TenantTx,
  actor: Actor,
  q: { page?: number; pageSize?: number } = {},
): Promise<ListPage<ReportView>> {
  const pageSize = Number.isInteger(q.pageSize) && q.pageSize! >= 1 && q.pageSize! <= 200 ? q.pageSize! : PAGE_SIZE;
  const where = visibleTo(actor, { listing: true });
  const total = await tx.report.count({ where });
  const page = clampPage(Number.isInteger(q.page) && q.page! >= 1 ? q.page! : 1, pageSize, total);
  const rows = await tx.report.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * pageSize,
    take: pageSize,
  });
  return { rows: rows.map(toView), total, page, pageSize };
}

export async function getReport(tx: TenantTx, actor: Actor, id: string): Promise<Report> {
  const row = await tx.report.findFirst({ where: { id, ...visibleTo(actor) } });
  if (!row) throw new WardenError("not_found", "No such report");
  assertMayReport(actor.permissions, row.type);
  return row;
}

/** The stored bytes of a completed report, audited before the first byte is sent. */
export async function downloadReport(
  actor: Actor,
  id: string,
  format: string | null,
  opts: { requestId?: string; ip?: string; db?: Database } = {},
) {
  const report = await withTenant(
    actor.tenantId,
    async (tx) => {
      const r = await getReport(tx, actor, id);
      if (format && format !== r.format)
        throw new WardenError(
          "invalid_request",
          `This report was generated as ${r.format}; create another report for ${format}`,
        );
      if (r.status !== "completed")
        throw new WardenError("conflict", `The report is ${r.status.replace("_", " ")}, not ready to download`);
      await appendAudit(tx, {
        action: "report.download",
        outcome: "success",
        actor: auditActor(actor),
        requestId: opts.requestId,
        ip: opts.ip,
        target: { type: "report", id },
        details: { type: r.type, format: r.format, sha256: r.sha256, size_bytes: Number(r.sizeBytes ?? 0) },
      });
      return r;
    },
    { db: opts.db },
  );
  return {
    stream: readReportFile(actor.tenantId, id, report.chunks, opts.db),
    filename: `warden-${report.type}-report-${report.id}.${report.format}`,
    contentType: CONTENT_TYPE[report.format as ReportFormat],
    size: Number(report.sizeBytes ?? 0),
    sha256: report.sha256!,
  };
}

/** The builder's live preview: the same summary the report will carry, and its first rows. */
export async function previewReport(tx: TenantTx, actor: Actor, request: ReportRequest): Promise<PreviewView> {
  assertMayReport(actor.permissions, request.type);
  const params = scopedParams(resolveParams(request), actor.scope);
  const source = sourceFor(request.type);
  const snapshot = { uptoSeq: (await chainHead(tx)).seq };
  const summary = await source.summary(tx, params, snapshot);
  const { rows } = await source.batch(tx, params, snapshot, null, 10);
  return { type: request.type, params, summary, sample: rows };
}
