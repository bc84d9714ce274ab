// The monitor: for every tenant, evaluate rules (new audit entries since the cursor, plus the
// schedule), then deliver due notifications. It runs as jobs (lib/jobs, ADR 0029): the cron job
// monitor.tick fans out one monitor.evaluate per tenant, a singleton per tenant per interval, so
// with N processes each tenant is evaluated once per interval; kickMonitor() queues a pass right
// after a request that changed something relevant. runMonitorOnce() is the same pass, inline
// (POST /v1/monitoring/evaluate, `npm run monitor -- --once`, tests). The cursor update and the
// alerts' unique dedupe key keep evaluation idempotent, and outbox leases keep deliveries single.
import "server-only";
import type { Database } from "@/lib/db/runtime";
import { z } from "zod";
import { deliverDue, deliveryRunView, type BackoffConfig } from "@/lib/notifications/outbox";
import { getJobs, jobsActive } from "@/lib/jobs";
import { activeTenantIds, isTenantSuspended } from "@/lib/tenancy/suspension";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { evaluateTenant } from "./evaluator";
import { log } from "@/lib/observability/log";

/** What one pass did (POST /v1/monitoring/evaluate). */
export const monitorPassView = z.object({
  tenants: z.number().int().describe("Tenants evaluated"),
  alerts: z.number().int().describe("Alerts raised"),
  deliveries: deliveryRunView.describe("Notification deliveries attempted, delivered and failed"),
});
export type MonitorPass = z.infer<typeof monitorPassView>;

export interface MonitorOptions {
  db?: Database;
  now?: () => Date;
  backoff?: BackoffConfig;
  tenantIds?: string[];
  force?: boolean;
}

export async function runMonitorOnce(opts: MonitorOptions = {}): Promise<MonitorPass> {
  const now = opts.now ?? (() => new Date());
  // A suspended tenant is not evaluated: its cursor stays, so the pass after resume reads what came since.
  const tenants = await activeTenantIds(opts.db, opts.tenantIds);
  let alerts = 0;
  for (const t of tenants) {
    try {
      const r = await withTenant(t, (tx) => evaluateTenant(tx, now(), { force: opts.force }), {
        db: opts.db,
        timeout: 60_000,
      });
      alerts += r.fired.length;
    } catch (e) {
      log.error({ tenant_id: t, err: e }, "monitor: evaluation failed");
    }
  }
  const deliveries = await deliverDue({ db: opts.db, now, backoff: opts.backoff, tenantIds: tenants });
  return { tenants: tenants.length, alerts, deliveries };
}

/** The monitor.tick job (cron): one monitor.evaluate per tenant, singleton per tenant per interval. */
export async function monitorFanOut(opts: { db?: Database } = {}): Promise<number> {
  const jobs = await getJobs({ db: opts.db });
  const slot = Math.max(1, Math.round(monitorIntervalMs() / 1000));
  let n = 0;
  for (const tenantId of await activeTenantIds(opts.db)) {
    if (await jobs.enqueue("monitor.evaluate", { tenantId }, { singletonKey: tenantId, singletonSeconds: slot })) n++;
  }
  return n;
}

/** The monitor.evaluate job: one tenant's rules, then its due notifications (same pass as runMonitorOnce). */
export async function evaluateTenantJob(
  tenantId: string,
  opts: { db?: Database; now?: () => Date } = {},
): Promise<void> {
  const now = opts.now ?? (() => new Date());
  // Queued before the suspension: skipped; the tick after resume queues the tenant again.
  if (await isTenantSuspended(tenantId, opts.db)) return;
  await withTenant(tenantId, (tx) => evaluateTenant(tx, now()), { db: opts.db, timeout: 60_000 });
  await deliverDue({ db: opts.db, now, tenantIds: [tenantId] });
}

/**
 * A pass soon after a request that changed something relevant (a rule, an approval, a retried
 * delivery): a monitor.evaluate job for the tenant, in any worker. Without a job system in this
 * process (scripts, tests) it does nothing; they drive passes themselves.
 */
export function kickMonitor(tenantId?: string): void {
  if (!jobsActive() || !tenantId) return;
  // A short delay lets the request's own transaction commit before the pass reads it.
  getJobs()
    .then((jobs) => jobs.enqueue("monitor.evaluate", { tenantId }, { startAfter: 1 }))
    .catch((e) => log.error({ err: e }, "monitor kick failed"));
}

/** A notify.deliver job for the tenant's outbox now (where this process uses the job system). */
export async function kickDelivery(tenantId: string, db?: Database): Promise<void> {
  if (!jobsActive()) return;
  await (
    await getJobs({ db })
  )
    .enqueue("notify.deliver", { tenantId })
    .catch((e) => console.error("[warden] delivery kick failed", e));
}

/** Seconds between scheduled evaluations of one tenant (the singleton slot of monitor.evaluate). */
export function monitorIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.MONITOR_INTERVAL_MS ?? 60_000);
  return Number.isFinite(n) && n >= 1000 ? n : 60_000;
}
