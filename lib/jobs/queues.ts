// The job kinds Warden runs on its queue (lib/jobs, ADR 0029). Each kind is a pg-boss queue; queues
// are created by the database owner at migrate time (schema.ts), because creating one is DDL (a
// partition table) and the runtime login owns nothing (ADR 0014). A new kind is a line here and
// `npm run db:migrate`.

export const JOB_SCHEMA = "pgboss";

export interface QueueSpec {
  /** pg-boss queue policy: "standard" (many jobs), "singleton" (one active at a time). */
  policy: "standard" | "singleton" | "short" | "stately";
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  /** How long one attempt may run before pg-boss fails it (and retries). */
  expireInSeconds: number;
}

const std = (o: Partial<QueueSpec> = {}): QueueSpec => ({
  policy: "standard",
  retryLimit: 3,
  retryDelay: 5,
  retryBackoff: true,
  expireInSeconds: 900,
  ...o,
});

export const QUEUES = {
  /** Cron: fans out one monitor.evaluate and one notify.deliver per tenant. */
  "monitor.tick": std({ retryLimit: 0 }),
  /** Rules of one tenant (singleton per tenant per interval), then its due deliveries. */
  "monitor.evaluate": std({ retryLimit: 1, expireInSeconds: 120 }),
  /** The notification outbox of one tenant: due rows claimed with a lease, sent, recorded. */
  "notify.deliver": std({ retryLimit: 1, expireInSeconds: 300 }),
  /** One audit stream's backlog, in seq order from its cursor (singleton per stream per slot; ADR 0030). */
  "audit.stream": std({ retryLimit: 0, expireInSeconds: 600 }),
  /** Cron: every tenant's chain verified (audit_verifications) and a checkpoint signed when intact. */
  "audit.verify": std({ retryLimit: 2, expireInSeconds: 3600 }),
  /** Cron: retention per data class for every tenant (audit pruning behind its anchor, usage, bodies). */
  "retention.run": std({ retryLimit: 2, expireInSeconds: 3600 }),
  /** One report: claim (or take over a stale one), generate, resume from its committed chunks. */
  "report.generate": std({ retryLimit: 5, retryDelay: 2, expireInSeconds: 4 * 3600 }),
  /** Cron: scheduled reports that are due become reports (report.generate), each run once. */
  "report.schedules": std({ retryLimit: 0, expireInSeconds: 300 }),
  /** Cron: tenants whose scheduled deletion is due are purged, their keys shredded, certificates signed (ADR 0035). No tenant id in its data. */
  "tenant.purge": std({ policy: "singleton", retryLimit: 1, expireInSeconds: 3600 }),
} satisfies Record<string, QueueSpec>;

export type JobKind = keyof typeof QUEUES;
export const JOB_KINDS = Object.keys(QUEUES) as JobKind[];
