// Three worker processes (`npm run worker`, i.e. scripts/worker.ts, the real entry) on one
// throwaway PostgreSQL database, with this test process acting as a console that only enqueues
// (WARDEN_WORKER=off):
//   - a report whose generating process is SIGKILLed after committing part of its file is taken
//     over by another process and completes with the SHA-256 of an uninterrupted run (its rows
//     streamed by report file processes, lib/reports/file-process.ts: the killed worker's own one
//     stops with it, the taker's resumes after the committed chunks);
//   - an alert fires once and is delivered exactly once to a local webhook receiver, although
//     three evaluations of the tenant were queued at once and three processes work them;
//   - each cron schedule (monitor.tick, audit.verify, every minute here) runs once per minute slot
//     across the three processes, and so does each tenant's monitor.evaluate singleton.
// PostgreSQL only: an embedded PGlite directory has exactly one owning process (ADR 0014, 0029).
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as download from "@/app/v1/reports/[id]/download/route";
import * as reports from "@/app/v1/reports/route";
import { PUT as channelsPUT } from "@/app/v1/monitoring/channels/route";
import { POST as rulesPOST } from "@/app/v1/monitoring/rules/route";
import { appendAudit } from "@/lib/audit/append";
import { getJobs, stopJobs, type JobRunner } from "@/lib/jobs";
import { CHUNK_BYTES } from "@/lib/reports/chunk-writer";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { callAs, pointProcessDbAt, type Caller } from "../helpers/callers";
import { createReportTenant, USAGE_FROM } from "../helpers/report-tenant";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";

process.env.WARDEN_OUTBOUND_ALLOW = "127.0.0.1"; // the webhook receiver below, on a port chosen at run time
const root = path.resolve(import.meta.dirname, "../..");
const SECRET = "whsec_multi_0123456789abcdef";
let t: TestDatabase;
let jobs: JobRunner;
let admin: Caller;
let tenantId: string;
let otherTenant: string;
/** The database's clock once both tenants exist: minute slots after it cover both. */
let tenantsAt: string;
let receiver: http.Server;
let hookUrl: string;
const hooks: unknown[] = [];
const workers: { proc: ChildProcess; out: string[] }[] = [];

/** The commands the README's "Running several instances" lists, with this test's timings. */
const WORKER_ENV = {
  WARDEN_JOBS_POLL_SECONDS: "0.5",
  WARDEN_JOBS_CRON_CHECK_SECONDS: "2",
  WARDEN_JOBS_CRON_WORKER_SECONDS: "1",
  WARDEN_JOBS_MAINTENANCE_SECONDS: "5",
  WARDEN_REPORT_LEASE_SECONDS: "10",
  WARDEN_AUDIT_VERIFY_CRON: "* * * * *",
  WARDEN_MONITOR_CRON: "* * * * *",
  WARDEN_RETENTION_CRON: "off",
  // Every report file through a report file process, however small (the default starts at 100,000 rows).
  WARDEN_REPORT_FILE_PROCESS_ROWS: "0",
  MONITOR_INTERVAL_MS: "60000",
  // The workers' own log lines ("worker started") are what this test waits for; under Vitest the
  // logger is silent unless a level is set.
  WARDEN_LOG_LEVEL: "info",
};

function startWorker(): { proc: ChildProcess; out: string[] } {
  // `npm run worker` without npm and tsx's launcher in between: the pid is the worker's own.
  const proc = spawn(process.execPath, ["--conditions", "react-server", "--import", "tsx", "scripts/worker.ts"], {
    cwd: root,
    env: { ...process.env, ...t.env, WARDEN_DATA_DIR: undefined, WARDEN_DB_POOL_MAX: "4", ...WORKER_ENV },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const w = { proc, out: [] as string[] };
  proc.stdout!.on("data", (d: Buffer) => {
    const lines = d.toString("utf8").split("\n").filter(Boolean);
    w.out.push(...lines);
    for (const l of lines) console.log(`worker ${proc.pid}: ${l}`);
  });
  workers.push(w);
  return w;
}

const until = async <T>(what: string, get: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100)); // polling a condition, not a fixed sleep
  }
};

const owner = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
  const c = new pg.Client({ connectionString: t.ownerEnv.DATABASE_URL });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
};

beforeAll(async () => {
  t = await createTestDatabase({ kind: "postgresql" });
  pointProcessDbAt(t.db);
  for (let i = 0; i < 3; i++) startWorker(); // they start while the data below is written
  // About 4.5 MiB of CSV (five chunks): long enough to be killed in the middle.
  ({ tenantId, admin } = await createReportTenant(t, "multi", 48_000));
  ({ tenantId: otherTenant } = await createReportTenant(t, "other", 0));
  [{ now: tenantsAt }] = await owner<{ now: string }>("SELECT now()::text AS now");
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      hooks.push(JSON.parse(body));
      res.end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  // This process enqueues only, as a console with WARDEN_WORKER=off does.
  jobs = await getJobs({ db: t.db });
  await jobs.ready();
  await Promise.all(
    workers.map((w) =>
      until(
        "a worker to start",
        async () =>
          w.out.some((l) => l.includes("worker") && l.includes("started")) ||
          (w.proc.exitCode !== null && Promise.reject(new Error("worker exited"))),
        200_000,
      ),
    ),
  );
}, 240_000);

afterAll(async () => {
  await Promise.all(
    workers.map(
      (w) =>
        new Promise((r) =>
          w.proc.exitCode !== null || w.proc.signalCode ? r(null) : (w.proc.once("exit", r), w.proc.kill("SIGTERM")),
        ),
    ),
  );
  await stopJobs();
  await new Promise((r) => receiver?.close(r));
  await t?.drop();
});

const post = (handler: typeof reports.POST, body: unknown, url: string) =>
  callAs(
    handler,
    admin,
    new Request(url, {
      method: url.endsWith("/channels") ? "PUT" : "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json" },
    }),
  );

describe("three worker processes on one PostgreSQL", () => {
  it("each schedule runs once per minute slot across the processes, and each tenant's evaluation once per interval", async () => {
    // First of the three: no process has died yet, so every job of a slot completes (a SIGKILLed
    // worker's active job would stay active until its expiry, long after this test's wait).
    // The workers run schedules while beforeAll still writes the tenants, so a slot may begin with
    // one tenant (and a tick and a verification of one slot list the tenants at different moments).
    // The exact fan-out is judged on the first minute slot that began after both existed: wait for
    // it to be sent with all three processes up, then for its jobs to finish.
    const all = `(SELECT name, singleton_key, singleton_on FROM pgboss.job UNION ALL SELECT name, singleton_key, singleton_on FROM pgboss.archive)`;
    const slot = await until(
      "a minute slot that began after both tenants existed",
      async () =>
        (
          await owner<{ slot: string }>(
            `SELECT min(singleton_on)::text AS slot FROM ${all} j
              WHERE name = '__pgboss__send-it' AND singleton_key = 'monitor.tick' AND singleton_on > ($1::timestamptz AT TIME ZONE 'UTC')`,
            [tenantsAt],
          )
        )[0].slot,
      90_000,
    );
    await until(
      "the slot's jobs to finish",
      async () => {
        const [r] = await owner<{ n: number }>(
          `SELECT count(*)::int AS n FROM pgboss.job WHERE name IN ('__pgboss__send-it', 'audit.verify', 'monitor.tick', 'monitor.evaluate') AND state < 'completed'`,
        );
        return r.n === 0;
      },
      60_000,
    );
    // pg-boss's cron: one send-it job per schedule per minute slot, whichever process saw it first ...
    const perSlot = await owner<{ name: string; slot: string; n: number }>(`
      SELECT singleton_key AS name, singleton_on::text AS slot, count(*)::int AS n FROM ${all} j
       WHERE name = '__pgboss__send-it' AND singleton_key IN ('audit.verify', 'monitor.tick') GROUP BY 1, 2`);
    for (const r of perSlot) expect(r, `${r.name} at ${r.slot}`).toMatchObject({ n: 1 });
    expect(
      perSlot
        .filter((r) => r.slot === slot)
        .map((r) => r.name)
        .sort(),
    ).toEqual(["audit.verify", "monitor.tick"]);
    // ... and each became exactly one job of its kind (a slot processed late still runs once).
    const jobsOf = await owner<{ name: string; n: number }>(
      `SELECT name, count(*)::int AS n FROM ${all} j WHERE name IN ('audit.verify', 'monitor.tick') GROUP BY 1`,
    );
    for (const kind of ["audit.verify", "monitor.tick"]) {
      const slots = perSlot.filter((r) => r.name === kind).length;
      expect(jobsOf.find((r) => r.name === kind)?.n, `${kind} runs`).toBe(slots);
    }
    // Each audit.verify run verified each tenant at most once; the slot's run verified both, once each.
    const runs = perSlot.filter((r) => r.name === "audit.verify").length;
    const scheduled = await owner<{ tenant_id: string; n: number; in_slot: number }>(
      `SELECT tenant_id, count(*)::int AS n,
              (count(*) FILTER (WHERE checked_at >= ($1::timestamp AT TIME ZONE 'UTC') AND checked_at < ($1::timestamp AT TIME ZONE 'UTC') + interval '1 minute'))::int AS in_slot
         FROM audit_verifications WHERE trigger = 'scheduled' GROUP BY 1`,
      [slot],
    );
    for (const r of scheduled) expect(r.n, `scheduled verifications of ${r.tenant_id}`).toBeLessThanOrEqual(runs);
    expect(Object.fromEntries(scheduled.map((r) => [r.tenant_id, r.in_slot]))).toEqual({
      [tenantId]: 1,
      [otherTenant]: 1,
    });
    // The fan-out: one scheduled evaluation per tenant per slot (the test's own three kicks carry no
    // singleton key), and in the slot after both tenants existed, one of each.
    const evaluations = await owner<{ key: string; slot: string; n: number }>(`
      SELECT singleton_key AS key, singleton_on::text AS slot, count(*)::int AS n FROM ${all} j
       WHERE name = 'monitor.evaluate' AND singleton_key IS NOT NULL GROUP BY 1, 2`);
    for (const e of evaluations) expect(e, `evaluation of ${e.key} at ${e.slot}`).toMatchObject({ n: 1 });
    expect(
      evaluations
        .filter((e) => e.slot === slot)
        .map((e) => e.key)
        .sort(),
    ).toEqual([tenantId, otherTenant].sort());
  }, 200_000);

  it("an alert fires once and is delivered exactly once, with three evaluations queued at once", async () => {
    expect(
      (
        await post(
          channelsPUT as typeof reports.POST,
          { webhook: hookUrl, webhook_secret: SECRET },
          "http://warden.test/v1/monitoring/channels",
        )
      ).status,
    ).toBe(200);
    const rule = await post(
      rulesPOST,
      {
        name: "Failed logins (multi)",
        type: "security_event",
        condition: "failed_logins > 3 in 1h",
        action: "alert_security_team",
        severity: "high",
      },
      "http://warden.test/v1/monitoring/rules",
    );
    expect(rule.status).toBe(201);
    await withTenant(
      tenantId,
      async (tx) => {
        for (let i = 0; i < 5; i++)
          await appendAudit(tx, {
            action: "auth.login_failed",
            outcome: "failure",
            actor: { kind: "user", subject: "mallory@evil.test" },
          });
      },
      { db: t.db },
    );
    await Promise.all([1, 2, 3].map(() => jobs.enqueue("monitor.evaluate", { tenantId })));
    await until("the webhook delivery", async () => hooks.length >= 1, 30_000);
    const outbox = await until("the outbox row delivered", async () => {
      const rows = await withTenant(tenantId, (tx) => tx.notificationOutbox.findMany(), { db: t.db });
      return rows.length && rows.every((r) => r.status === "delivered") ? rows : null;
    });
    // Every queued evaluation has finished: nothing else can be on its way.
    await until("the evaluations to finish", async () => {
      const [r] = await owner<{ n: number }>(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'monitor.evaluate' AND data->>'tenantId' = $1 AND state < 'completed'`,
        [tenantId],
      );
      return r.n === 0;
    });
    expect(await withTenant(tenantId, (tx) => tx.monitoringAlert.count(), { db: t.db })).toBe(1);
    expect(outbox).toHaveLength(1);
    expect(outbox[0].attempts).toBe(1);
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({ event: "alert.fired", alert: { rule: "Failed logins (multi)" } });
  }, 60_000);

  // Last: the SIGKILLed worker may have held another job too, which stays active until it expires.
  it("a report whose process is SIGKILLed mid-file completes on another process, identical to an uninterrupted run", async () => {
    const body = { type: "usage", format: "csv", from: USAGE_FROM, to: "2026-01-02T00:00:00.000Z" };
    const create = async () => {
      const res = await post(reports.POST, body, "http://warden.test/v1/reports");
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const row = (id: string) =>
      withTenant(tenantId, (tx) => tx.report.findUniqueOrThrow({ where: { id } }), { db: t.db });
    const chunks = (id: string) =>
      withTenant(tenantId, (tx) => tx.reportChunk.count({ where: { reportId: id } }), { db: t.db });

    const killedId = await create();
    // Kill the holder once part of the file is committed (and before the end).
    await until("a committed chunk", async () => (await chunks(killedId)) >= 1, 120_000);
    const holder = workers.find((w) =>
      w.out.some((l) => l.includes(`report ${killedId}: generating in process ${w.proc.pid}`)),
    )!;
    expect(holder).toBeTruthy();
    expect((await row(killedId)).status).toBe("running");
    holder.proc.kill("SIGKILL");
    const committedAtKill = await chunks(killedId);
    const done = await until(
      "the report to complete on another process",
      async () => {
        const r = await row(killedId);
        return r.status === "completed" || r.status === "failed" ? r : null;
      },
      120_000,
    );
    expect(done.status, done.error ?? "").toBe("completed");
    expect(done.runToken).toBe(2);
    const resumer = workers.find(
      (w) =>
        w !== holder &&
        w.out.some((l) => l.includes(`report ${killedId}: generating in process ${w.proc.pid} (taken over, run 2)`)),
    );
    expect(resumer).toBeTruthy();
    expect(resumer!.out.some((l) => l.includes(`report ${killedId}: rows streamed by a report file process`))).toBe(
      true,
    );
    expect(committedAtKill).toBeGreaterThanOrEqual(1);
    expect(done.chunks).toBeGreaterThan(committedAtKill);
    expect(Number(done.sizeBytes)).toBeGreaterThan(4 * CHUNK_BYTES);

    // The uninterrupted run of the same report (a CSV file does not carry the report's id).
    const wholeId = await create();
    const whole = await until(
      "the uninterrupted report",
      async () => ((await row(wholeId)).status === "completed" ? row(wholeId) : null),
      120_000,
    );
    const bytes = async (id: string) => {
      const res = await callAs(download.GET, admin, new Request(`http://warden.test/v1/reports/${id}/download`), {
        id,
      });
      expect(res.status).toBe(200);
      return Buffer.from(await res.arrayBuffer());
    };
    const a = createHash("sha256")
      .update(await bytes(killedId))
      .digest("hex");
    const b = createHash("sha256")
      .update(await bytes(wholeId))
      .digest("hex");
    expect(a).toBe(b);
    expect(done.sha256).toBe(whole.sha256);
    expect(done.sha256).toBe(a);
    const generated = await withTenant(
      tenantId,
      (tx) => tx.auditEntry.findMany({ where: { action: "report.generate", targetId: killedId } }),
      { db: t.db },
    );
    expect(generated).toHaveLength(1);
    expect(generated[0].details).toMatchObject({ resumed: 1 });
  }, 300_000);
});
