// The monitor loop: for every tenant, evaluate rules (new audit entries since the cursor, plus
// the schedule), then deliver due notifications. It runs on a timer inside the Next server
// (instrumentation.ts, Node runtime) and as `npm run monitor` for cron or a separate process;
// kickMonitor() runs a pass right after a request that changed something relevant.
// Passes in one process never overlap; across processes the cursor update and the alerts'
// unique dedupe key keep evaluation idempotent, and outbox leases keep deliveries single.
import "server-only";
import type { Database } from "@/lib/db/runtime";
import { z } from "zod";
import { deliverDue, deliveryRunView, type BackoffConfig } from "@/lib/notifications/outbox";
import { allTenantIds } from "@/lib/tenancy/system";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { evaluateTenant } from "./evaluator";

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
  const tenants = opts.tenantIds ?? (await allTenantIds(opts.db));
  let alerts = 0;
  for (const t of tenants) {
    try {
      const r = await withTenant(t, (tx) => evaluateTenant(tx, t, now(), { force: opts.force }), { db: opts.db, timeout: 60_000 });
      alerts += r.fired.length;
    } catch (e) {
      console.error(`[warden] monitor: evaluation failed for tenant ${t}`, e);
    }
  }
  const deliveries = await deliverDue({ db: opts.db, now, backoff: opts.backoff, tenantIds: tenants });
  return { tenants: tenants.length, alerts, deliveries };
}

const state = globalThis as unknown as { __wardenMonitor?: { timer?: NodeJS.Timeout; running: boolean; again: boolean } };

function slot() {
  return (state.__wardenMonitor ??= { running: false, again: false });
}

/** One pass now (coalesced: a pass already running is followed by exactly one more). */
export function kickMonitor(): void {
  const s = slot();
  // Only where the monitor was started (the server, `npm run monitor`); tests drive passes themselves.
  if (!s.timer) return;
  if (s.running) {
    s.again = true;
    return;
  }
  s.running = true;
  // A short delay lets the request's own transaction commit before the pass reads it.
  setTimeout(async () => {
    try {
      do {
        s.again = false;
        await runMonitorOnce();
      } while (s.again);
    } catch (e) {
      console.error("[warden] monitor pass failed", e);
    } finally {
      s.running = false;
    }
  }, 100);
}

export function monitorIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.MONITOR_INTERVAL_MS ?? 15_000);
  return Number.isFinite(n) && n >= 1000 ? n : 15_000;
}

/** Starts the in-process timer once (idempotent); WARDEN_MONITOR=off disables it. */
export function startMonitor(): void {
  if (process.env.WARDEN_MONITOR === "off") return;
  const s = slot();
  if (s.timer) return;
  s.timer = setInterval(kickMonitor, monitorIntervalMs());
  s.timer.unref?.();
  kickMonitor();
}
