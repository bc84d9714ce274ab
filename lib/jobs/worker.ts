// The worker: what a Warden process does in the background, as jobs (ADR 0029). Started by the
// console (instrumentation.ts, unless WARDEN_WORKER=off) and by `npm run worker` (scripts/worker.ts);
// any number of them may run against one PostgreSQL database. Schedules are rows in the queue's
// schema (pg-boss cron, minute resolution, UTC): each fires once per slot whichever process sees
// it first; per-tenant work fans out as singleton jobs (one per tenant per interval).
//
// A suspended tenant (lib/tenancy/suspension.ts, ADR 0038): work done on the tenant's behalf waits,
// work that protects its kept data goes on.
//   monitor.evaluate   skipped (not fanned out; a job queued earlier returns); the cursor stays, so the
//                      first pass after resume evaluates everything since, once
//   notify.deliver     skipped: outbox rows stay pending with no attempt counted, sent after resume
//   audit.stream       skipped: each stream waits at its cursor and sends its backlog after resume
//   report.schedules   the tenant's due schedules are not claimed; after resume one run, not one per missed slot
//   report.generate    not started: the report stays queued, the job looks again every minute
//                      (a run already under way when the operator suspends finishes)
//   audit.verify       runs: verification and checkpoints guard the kept chain, send nothing out
//   retention.run      runs: the tenant's own retention periods (storage limitation) do not stop
//                      because its service is suspended; audit pruning still only behind an anchor
import "server-only";
import { streamFanOut, streamJob } from "@/lib/audit/streaming/jobs";
import { runScheduledVerification } from "@/lib/audit/verification";
import type { Database } from "@/lib/db/runtime";
import { evaluateTenantJob, monitorFanOut } from "@/lib/monitoring/monitor";
import { deliverDue } from "@/lib/notifications/outbox";
import { runRetention } from "@/lib/privacy/retention";
import { runDueSchedules } from "@/lib/reports/schedules";
import { reportJob, resumeInterruptedReports } from "@/lib/reports/service";
import { allTenantIds } from "@/lib/tenancy/system";
import { purgeDueTenants } from "@/lib/platform/erasure";
import { getJobs, type JobKind, type JobRunner } from "./index";
import { log } from "@/lib/observability/log";

/** The schedules and their defaults (cron in UTC; "off" removes one). */
export function cronTable(env: NodeJS.ProcessEnv = process.env): Partial<Record<JobKind, string>> {
  const pick = (v: string | undefined, d: string) => (v?.trim() ? v.trim() : d);
  return {
    "monitor.tick": env.WARDEN_MONITOR === "off" ? "off" : pick(env.WARDEN_MONITOR_CRON, "* * * * *"),
    "audit.verify": pick(env.WARDEN_AUDIT_VERIFY_CRON, "17 * * * *"),
    "retention.run": pick(env.WARDEN_RETENTION_CRON, "23 3 * * *"),
    "report.schedules": pick(env.WARDEN_REPORT_SCHEDULES_CRON, "* * * * *"),
    "tenant.purge": pick(env.WARDEN_TENANT_PURGE_CRON, "41 * * * *"),
  };
}

const str = (v: unknown, what: string): string => {
  if (typeof v !== "string" || !v) throw new Error(`job data: ${what} is missing`);
  return v;
};

/** Registers every handler and (re)writes the schedules. Idempotent per process. */
export async function startWorker(opts: { db?: Database; env?: NodeJS.ProcessEnv } = {}): Promise<JobRunner> {
  const env = opts.env ?? process.env;
  const db = opts.db;
  const jobs = await getJobs({ db, worker: true });
  await jobs.ready();
  await jobs.work("monitor.tick", async () => {
    await monitorFanOut({ db });
    await streamFanOut({ db });
  });
  await jobs.work("monitor.evaluate", async (d) => evaluateTenantJob(str(d.tenantId, "tenantId"), { db }), {
    concurrency: 2,
  });
  await jobs.work("notify.deliver", async (d) => {
    await deliverDue({ db, tenantIds: [str(d.tenantId, "tenantId")] });
  });
  await jobs.work(
    "audit.stream",
    async (d) => streamJob(str(d.tenantId, "tenantId"), str(d.streamId, "streamId"), { db }),
    { concurrency: 2 },
  );
  await jobs.work("audit.verify", async () => {
    await runScheduledVerification({ db, trigger: "scheduled" });
  });
  await jobs.work("retention.run", async () => {
    for (const t of await allTenantIds(db)) await runRetention(t, { db });
  });
  await jobs.work(
    "report.generate",
    async (d) => reportJob({ tenantId: str(d.tenantId, "tenantId"), reportId: str(d.reportId, "reportId") }, { db }),
    { concurrency: 2 },
  );
  await jobs.work("report.schedules", async () => {
    await runDueSchedules({ db });
    await resumeInterruptedReports({ db, staleOnly: true });
  });
  await jobs.work("tenant.purge", async () => {
    await purgeDueTenants(db);
  });
  for (const [kind, cron] of Object.entries(cronTable(env)) as [JobKind, string][]) {
    if (cron === "off") await jobs.unschedule(kind);
    else await jobs.schedule(kind, cron);
  }
  // Reports a stopped process left running get a job that takes them over once their heartbeat is stale.
  await resumeInterruptedReports({ db }).catch((e) => log.error({ err: e }, "report recovery failed"));
  return jobs;
}
