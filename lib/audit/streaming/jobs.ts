// Audit streams as jobs (lib/jobs, ADR 0029 and 0030). The monitor.tick cron fans out one
// audit.stream job per enabled, due stream, a singleton per stream per slot; a change through the
// API (create, change, backfill) queues one at once. The job delivers the stream's backlog
// (deliverStream); when it stopped at its batch limit with more to send, it queues the next one.
// Two jobs for one stream can still meet (a kick and a tick): the row lock and the lease in
// delivery.ts decide, and the second finds the stream leased and returns.
import "server-only";
import type { Database } from "@/lib/db/runtime";
import { getJobs, jobsActive } from "@/lib/jobs";
import { activeTenantIds, isTenantSuspended } from "@/lib/tenancy/suspension";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { deliverStream, type DeliveryOptions } from "./delivery";
import { log } from "@/lib/observability/log";

/** Seconds of one singleton slot: at most one queued audit.stream job per stream per slot. */
const SLOT_SECONDS = 15;

/** monitor.tick: one audit.stream job per enabled, due stream of every tenant. */
export async function streamFanOut(opts: { db?: Database; now?: () => Date } = {}): Promise<number> {
  const jobs = await getJobs({ db: opts.db });
  const now = opts.now ?? (() => new Date());
  let n = 0;
  // A suspended tenant's streams wait at their cursor and send the backlog after resume.
  for (const tenantId of await activeTenantIds(opts.db)) {
    const due = await withTenant(
      tenantId,
      (tx) =>
        tx.auditStream.findMany({ where: { enabled: true, nextAttemptAt: { lte: now() } }, select: { id: true } }),
      { db: opts.db },
    );
    for (const s of due)
      if (
        await jobs.enqueue(
          "audit.stream",
          { tenantId, streamId: s.id },
          { singletonKey: s.id, singletonSeconds: SLOT_SECONDS },
        )
      )
        n++;
  }
  return n;
}

/** The audit.stream job: one stream's backlog; queues a follow-up when the batch limit stopped it. */
export async function streamJob(tenantId: string, streamId: string, opts: DeliveryOptions = {}): Promise<void> {
  const maxBatches = opts.maxBatches ?? 20;
  if (await isTenantSuspended(tenantId, opts.db)) return;
  const run = await deliverStream(tenantId, streamId, { ...opts, maxBatches });
  if (run.batches >= maxBatches && run.error === null) {
    await (await getJobs({ db: opts.db })).enqueue("audit.stream", { tenantId, streamId });
  }
}

/** After an API change: deliver soon, in any worker. Without a job system in this process, nothing. */
export function kickStream(tenantId: string, streamId: string): void {
  if (!jobsActive()) return;
  // A short delay lets the request's own transaction commit first.
  getJobs()
    .then((jobs) => jobs.enqueue("audit.stream", { tenantId, streamId }, { startAfter: 1 }))
    .catch((e) => log.error({ err: e }, "audit stream kick failed"));
}
