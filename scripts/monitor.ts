// npm run monitor [-- --once] - evaluates monitoring rules and delivers notifications for every
// tenant: one pass with --once (cron), otherwise every MONITOR_INTERVAL_MS (default 15 s) until
// stopped. The Next server runs the same loop in-process (instrumentation.ts) unless
// WARDEN_MONITOR=off; with PostgreSQL both may run (evaluation and deliveries are idempotent).
import { getDb } from "@/lib/db";
import { monitorIntervalMs, runMonitorOnce } from "@/lib/monitoring/monitor";

async function main() {
  await getDb();
  const once = process.argv.includes("--once");
  const pass = async () => {
    const r = await runMonitorOnce();
    console.log(`[warden] monitor: ${r.tenants} tenant(s), ${r.alerts} alert(s), deliveries ${r.deliveries.delivered} delivered / ${r.deliveries.failed} failed`);
  };
  await pass();
  if (once) process.exit(0);
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    await pass().catch((e) => console.error("[warden] monitor pass failed", e));
    busy = false;
  }, monitorIntervalMs());
  const stop = () => {
    clearInterval(timer);
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e) => {
  console.error(`warden-monitor: ${(e as Error).message}`);
  process.exit(1);
});
