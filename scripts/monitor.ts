// npm run monitor -- --once - one monitoring pass for every tenant: evaluate rules, deliver due
// notifications and due audit streams, print the counts (for cron or a manual run). Without --once it starts a worker
// process (the same as `npm run worker`): scheduled evaluation is a job now (ADR 0029).
import { getDb } from "@/lib/db";
import { deliverDueStreams } from "@/lib/audit/streaming/delivery";
import { runMonitorOnce } from "@/lib/monitoring/monitor";

async function main() {
  if (!process.argv.includes("--once")) {
    await import("./worker");
    return;
  }
  await getDb();
  const r = await runMonitorOnce();
  const streams = await deliverDueStreams();
  console.log(`[warden] monitor: ${r.tenants} tenant(s), ${r.alerts} alert(s), deliveries ${r.deliveries.delivered} delivered / ${r.deliveries.failed} failed, audit streams ${streams.streams} (${streams.delivered} entries delivered / ${streams.failed} failed)`);
  process.exit(0);
}

main().catch((e) => {
  console.error(`warden-monitor: ${(e as Error).message}`);
  process.exit(1);
});
