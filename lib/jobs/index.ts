// Background work on PostgreSQL (ADR 0029): one interface, backed by pg-boss (pinned, schema
// installed by the owner at migrate time, see schema.ts). Any number of processes may enqueue and
// work; a job runs on exactly one of them at a time, failed attempts are retried with backoff, cron
// schedules fire once per slot across all processes, and singleton keys dedupe a kind per key and
// time slot (e.g. one monitoring evaluation per tenant per interval).
//
//   enqueue(kind, data, { singletonKey, singletonSeconds, startAfter, tx })   tx: inside withTenant
//   schedule(kind, cron)                                                       (owner-free: rows only)
//   work(kind, handler)                                                        worker processes
//
// PostgreSQL: pg-boss opens its own small pool as the runtime login (DATABASE_URL). Embedded
// PGlite: the same pg-boss runs over the one PGlite session through its `db.executeSql` adapter;
// PGlite serialises those queries with Prisma's transactions, and only this process can open the
// data directory, so "N processes" is PostgreSQL only.
import "server-only";
import PgBoss from "pg-boss";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/runtime";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { JOB_KINDS, JOB_SCHEMA, type JobKind } from "./queues";
import { beforeScrape, jobQueueDepth, timeJob } from "@/lib/observability/metrics";
import { log } from "@/lib/observability/log";

export { JOB_KINDS, QUEUES, type JobKind } from "./queues";

export interface EnqueueOptions {
  /** With singletonSeconds: at most one job of this kind per key per time slot. */
  singletonKey?: string;
  singletonSeconds?: number;
  /** Not before this time (or this many seconds from now). */
  startAfter?: Date | number;
  expireInSeconds?: number;
  /** Enqueue inside this (tenant) transaction: the job exists only if the transaction commits. */
  tx?: TenantTx;
}

export interface JobContext {
  id: string;
  kind: JobKind;
  /** 0 on the first attempt. */
  retryCount: number;
}

export type JobHandler = (data: Record<string, unknown>, job: JobContext) => Promise<void>;

export interface WorkOptions {
  /** Parallel jobs of this kind in this process (default 1). */
  concurrency?: number;
  pollingIntervalSeconds?: number;
}

export interface JobRunner {
  enqueue(kind: JobKind, data: Record<string, unknown>, opts?: EnqueueOptions): Promise<string | null>;
  schedule(kind: JobKind, cron: string, data?: Record<string, unknown>): Promise<void>;
  unschedule(kind: JobKind): Promise<void>;
  work(kind: JobKind, handler: JobHandler, opts?: WorkOptions): Promise<void>;
  /** Connects (pg-boss start); call it before enqueueing inside a transaction on PGlite. */
  ready(): Promise<unknown>;
  /** Jobs of a kind by state (tests, the worker's log line). */
  counts(kind: JobKind): Promise<Record<string, number>>;
  /** Jobs waiting to run per kind (for the queue-depth gauge and readiness). */
  waiting(): Promise<Record<string, number>>;
  stop(): Promise<void>;
  /** True when this process works jobs (a worker); false for an enqueue-only client. */
  readonly working: boolean;
}

const num = (v: string | undefined, d: number, min = 1) =>
  v && Number.isFinite(Number(v)) && Number(v) >= min ? Number(v) : d;

/** pg-boss's configuration from the environment (documented in the README). */
function bossConfig(env: NodeJS.ProcessEnv, worker: boolean): PgBoss.ConstructorOptions {
  return {
    schema: JOB_SCHEMA,
    migrate: false, // the owner installs and upgrades the schema at migrate time
    supervise: worker,
    schedule: worker,
    maintenanceIntervalSeconds: num(env.WARDEN_JOBS_MAINTENANCE_SECONDS, 60),
    cronMonitorIntervalSeconds: num(env.WARDEN_JOBS_CRON_CHECK_SECONDS, 30),
    cronWorkerIntervalSeconds: num(env.WARDEN_JOBS_CRON_WORKER_SECONDS, 5),
    deleteAfterDays: 7,
  } as PgBoss.ConstructorOptions;
}

/** pg-boss's parameters as a driver adapter takes them (data objects as JSON text). */
const toParams = (values: unknown[]) =>
  values.map((v) =>
    v === undefined
      ? null
      : v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date)
        ? JSON.stringify(v)
        : v,
  );

/** A pg-boss `db` that runs its statements inside a Prisma transaction (transactional enqueue). */
function txDb(tx: TenantTx): PgBoss.Db {
  return {
    executeSql: async (text, values) => ({
      rows: await tx.$queryRawUnsafe<unknown[]>(text, ...toParams(values ?? [])),
    }),
  };
}

/** pg-boss over the embedded PGlite session (its queries wait for Prisma's open transaction). */
export function pgliteDb(db: Database): PgBoss.Db {
  const pglite = db.pglite!;
  return {
    executeSql: async (text, values) => {
      if (values?.length) return pglite.query(text, toParams(values));
      const results = await pglite.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    },
  };
}

class PgBossRunner implements JobRunner {
  private readonly boss: PgBoss;
  private started: Promise<unknown> | null = null;

  constructor(
    db: Database,
    readonly working: boolean,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    const cfg = bossConfig(env, working);
    this.boss = db.pglite
      ? new PgBoss({ ...cfg, db: pgliteDb(db) })
      : new PgBoss({ ...cfg, connectionString: db.config.url!, max: num(env.WARDEN_JOBS_POOL_MAX, 4) });
    this.boss.on("error", (e) => log.error({ err: e }, "jobs error"));
  }

  async ready(): Promise<PgBoss> {
    this.started ??= this.boss.start();
    await this.started;
    return this.boss;
  }

  async enqueue(kind: JobKind, data: Record<string, unknown>, opts: EnqueueOptions = {}): Promise<string | null> {
    const boss = await this.ready();
    const options: PgBoss.SendOptions = {};
    if (opts.singletonKey) options.singletonKey = opts.singletonKey;
    if (opts.singletonSeconds) options.singletonSeconds = opts.singletonSeconds;
    if (opts.startAfter !== undefined) options.startAfter = opts.startAfter;
    if (opts.expireInSeconds) options.expireInSeconds = opts.expireInSeconds;
    if (opts.tx) (options as PgBoss.SendOptions & PgBoss.ConnectionOptions).db = txDb(opts.tx);
    return boss.send(kind, data, options);
  }

  async schedule(kind: JobKind, cron: string, data: Record<string, unknown> = {}): Promise<void> {
    await (await this.ready()).schedule(kind, cron, data, { tz: "UTC" });
  }

  async unschedule(kind: JobKind): Promise<void> {
    await (await this.ready()).unschedule(kind);
  }

  async work(kind: JobKind, handler: JobHandler, opts: WorkOptions = {}): Promise<void> {
    const boss = await this.ready();
    const pollingIntervalSeconds = opts.pollingIntervalSeconds ?? num(process.env.WARDEN_JOBS_POLL_SECONDS, 2, 0.5);
    for (let i = 0; i < Math.max(1, opts.concurrency ?? 1); i++) {
      await boss.work<Record<string, unknown>>(
        kind,
        { batchSize: 1, pollingIntervalSeconds, includeMetadata: true },
        async ([job]) => {
          await timeJob(kind, () => handler(job.data ?? {}, { id: job.id, kind, retryCount: job.retryCount }));
        },
      );
    }
  }

  async counts(kind: JobKind): Promise<Record<string, number>> {
    const boss = await this.ready();
    const out: Record<string, number> = {};
    const db = (boss as unknown as { getDb(): PgBoss.Db }).getDb();
    const { rows } = await db.executeSql(
      `SELECT state::text AS state, count(*)::int AS n FROM ${JOB_SCHEMA}.job WHERE name = $1 GROUP BY state`,
      [kind],
    );
    for (const r of rows as { state: string; n: number }[]) out[r.state] = r.n;
    return out;
  }

  /** Jobs waiting to run (created or waiting for a retry), per kind: one query for every queue. */
  async waiting(): Promise<Record<string, number>> {
    const boss = await this.ready();
    const db = (boss as unknown as { getDb(): PgBoss.Db }).getDb();
    const { rows } = await db.executeSql(
      `SELECT name, count(*)::int AS n FROM ${JOB_SCHEMA}.job WHERE state IN ('created', 'retry') GROUP BY name`,
      [],
    );
    const out: Record<string, number> = Object.fromEntries(JOB_KINDS.map((k) => [k, 0]));
    for (const r of rows as { name: string; n: number }[]) if (r.name in out) out[r.name] = r.n;
    return out;
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    await this.started.catch(() => {});
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}

const g = globalThis as unknown as { __wardenJobs?: { runner: JobRunner; db: Database } };

// Queue depth per kind, read from the queue tables at each scrape of /metrics (this process's view
// of the shared queue: every instance reports the same numbers).
beforeScrape(async () => {
  const current = g.__wardenJobs;
  if (!current) return;
  for (const [kind, n] of Object.entries(await current.runner.waiting())) jobQueueDepth.set({ kind }, n);
}, "jobs.queue_depth");

/**
 * This process's runner. The first caller decides whether it works jobs: the worker entry
 * (lib/jobs/worker.ts, from instrumentation.ts or `npm run worker`) asks with `worker: true`;
 * everyone else gets an enqueue-only client.
 */
export async function getJobs(opts: { db?: Database; worker?: boolean } = {}): Promise<JobRunner> {
  const db = opts.db ?? (await getDb());
  const current = g.__wardenJobs;
  if (current && current.db === db && (current.runner.working || !opts.worker)) return current.runner;
  if (current && current.db === db) await current.runner.stop();
  const runner = new PgBossRunner(db, !!opts.worker);
  g.__wardenJobs = { runner, db };
  return runner;
}

/** True when this process uses the job system (the server or a worker; not scripts and tests). */
export function jobsActive(): boolean {
  return !!g.__wardenJobs;
}

/** Stops and forgets this process's runner (tests; graceful shutdown). */
export async function stopJobs(): Promise<void> {
  const current = g.__wardenJobs;
  g.__wardenJobs = undefined;
  await current?.runner.stop();
}
