// npm run worker - a Warden worker process: works the background jobs (monitoring evaluation and
// notification delivery, report generation, scheduled reports, chain verification and
// checkpoints, retention) from the queue on the configured database (lib/jobs/worker.ts, ADR 0029).
// Run as many as you like beside the consoles (which also work jobs unless WARDEN_WORKER=off);
// each job runs on one of them. Stops gracefully on SIGTERM / SIGINT (running jobs finish first).
import { getDb } from "@/lib/db";
import { stopJobs } from "@/lib/jobs";
import { startWorker } from "@/lib/jobs/worker";
import { log, scrub, setServiceName } from "@/lib/observability/log";

async function main() {
  setServiceName("warden-worker");
  const db = await getDb(); // the runtime role, checked like the console's (ADR 0014)
  await startWorker({ db });
  log.info({ pid: process.pid, db: db.config.kind }, "worker started");
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await stopJobs().catch(() => {});
    await db.close().catch(() => {});
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e) => {
  log.fatal({ err: e }, "worker could not start");
  process.stderr.write(`warden-worker: ${scrub((e as Error).message)}\n`);
  process.exit(1);
});
