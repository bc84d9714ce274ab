// Readiness (GET /api/ready): may this instance take traffic? Each dependency is checked with a
// short timeout: the database answers, every migration is applied, and Redis answers PING when
// REDIS_URL is set (rate-limit counters live there, ADR 0010; without it the gateway fails closed).
// The answer names each check and, on 503, the failed ones; it never carries an error message,
// a URL or a host (those go to the log). Liveness stays GET /api/health.
// The job queue (lib/jobs, pg-boss) is checked when this process uses it (the console and
// `npm run worker`; not scripts or tests that never started it).
import { createClient } from "redis";
import { getDb } from "@/lib/db";
import { migrationStatus } from "@/lib/db/migration-status";
import { getJobs, jobsActive } from "@/lib/jobs";
import { log } from "./log";

export interface CheckResult {
  ok: boolean;
  /** Milliseconds the check took. */
  ms: number;
  /** A fixed word on failure: unreachable, timeout, pending, error. Never a message from a driver. */
  reason?: string;
  /** Migrations: how many are not yet applied. */
  pending?: number;
}

export interface Readiness {
  status: "ready" | "not_ready";
  checks: Record<string, CheckResult>;
  failed: string[];
}

const TIMEOUT_MS = Number(process.env.WARDEN_READY_TIMEOUT_MS || 2000);

class Timeout extends Error {}

function within<T>(p: Promise<T>, ms = TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Timeout("timeout")), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}

async function timed(name: string, run: () => Promise<Omit<CheckResult, "ms">>): Promise<CheckResult> {
  const t0 = performance.now();
  try {
    const r = await within(run());
    return { ...r, ms: Math.round(performance.now() - t0) };
  } catch (e) {
    log.warn({ check: name, err: e }, "readiness check failed");
    return {
      ok: false,
      reason: e instanceof Timeout ? "timeout" : "unreachable",
      ms: Math.round(performance.now() - t0),
    };
  }
}

async function pingRedis(url: string): Promise<void> {
  // A fresh connection per probe, no reconnects: the answer is about Redis now, not a client's retry loop.
  const c = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: TIMEOUT_MS, reconnectStrategy: false },
  });
  c.on("error", () => {});
  try {
    await c.connect();
    await c.ping();
  } finally {
    c.destroy();
  }
}

export async function readiness(env: NodeJS.ProcessEnv = process.env): Promise<Readiness> {
  const checks: Record<string, CheckResult> = {};
  let migrations: Promise<CheckResult> | null = null;
  checks.database = await timed("database", async () => {
    const db = await getDb();
    await db.prisma.$queryRawUnsafe("SELECT 1");
    migrations = timed("migrations", async () => {
      const m = await migrationStatus(db);
      return m.pending.length ? { ok: false, reason: "pending", pending: m.pending.length } : { ok: true, pending: 0 };
    });
    return { ok: true };
  });
  checks.migrations = migrations ? await migrations : { ok: false, reason: "unreachable", ms: 0 };
  if (jobsActive()) {
    checks.queue = await timed("queue", async () => {
      await (await getJobs()).waiting();
      return { ok: true };
    });
  }
  if (env.REDIS_URL) checks.redis = await timed("redis", () => pingRedis(env.REDIS_URL!).then(() => ({ ok: true })));
  const failed = Object.entries(checks)
    .filter(([, c]) => !c.ok)
    .map(([k]) => k);
  return { status: failed.length ? "not_ready" : "ready", checks, failed };
}
