// npm run monitor -- --once - one monitoring pass for every tenant: evaluate rules, deliver due
// notifications and due audit streams, print the counts (for cron or a manual run). Without --once it starts a worker
// process (the same as `npm run worker`): scheduled evaluation is a job now (ADR 0029).
import { getDb } from "@/lib/db";
import { deliverDueStreams } from "@/lib/audit/streaming/delivery";
import { runMonitorOnce } from "@/lib/monitoring/monitor";
import { log, scrub, setServiceName } from "@/lib/observability/log";

async function main() {
  setServiceName("warden-monitor");
  if (!process.argv.includes("--once")) {
    await import("./worker");
    return;
  }
  await getDb();
  const r = await runMonitorOnce();
  const streams = await deliverDueStreams();
  log.info(
    {
      tenants: r.tenants,
      alerts: r.alerts,
      delivered: r.deliveries.delivered,
      failed: r.deliveries.failed,
      streams: streams.streams,
      stream_entries_delivered: streams.delivered,
      stream_entries_failed: streams.failed,
    },
    "monitor pass",
  );
  process.exit(0);
}

main().catch((e) => {
  log.fatal({ err: e }, "monitor failed");
  process.stderr.write(`warden-monitor: ${scrub((e as Error).message)}\n`);
  process.exit(1);
});
