// npm run worker - a Warden worker process: works the background jobs (monitoring evaluation and
// notification delivery, report generation, scheduled reports, chain verification and
// checkpoints, retention) from the queue on the configured database (lib/jobs/worker.ts, ADR 0029).
// Run as many as you like beside the consoles (which also work jobs unless WARDEN_WORKER=off);
// each job runs on one of them. Stops gracefully on SIGTERM / SIGINT (running jobs finish first).
import { getDb } from "@/lib/db";
import { stopJobs } from "@/lib/jobs";
import { startWorker } from "@/lib/jobs/worker";

async function main() {
  const db = await getDb(); // the runtime role, checked like the console's (ADR 0014)
  await startWorker({ db });
  console.log(`[warden] worker ${process.pid} started (${db.config.kind})`);
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
  console.error(`warden-worker: ${(e as Error).message}`);
  process.exit(1);
});
