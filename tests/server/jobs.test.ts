// The job system on this run's database (PGlite and PostgreSQL): pg-boss's schema installed by
// the owner at migrate time while the runtime login still passes its least-privilege check;
// pg-boss started with migrate:false as that login (over PGlite through its executeSql adapter);
// an enqueue inside a tenant transaction exists only if the transaction commits; a singleton key
// admits one job per slot; a report whose generating process vanished (stale heartbeat) is taken
// over by a report.generate job and resumes after its committed chunks into the same bytes.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as download from "@/app/v1/reports/[id]/download/route";
import * as reports from "@/app/v1/reports/route";
import { assertSafeRuntimeRole } from "@/lib/db";
import { getJobs, stopJobs, type JobRunner } from "@/lib/jobs";
import { reportJob, reportSettled } from "@/lib/reports/service";
import { CHUNK_BYTES } from "@/lib/reports/chunk-writer";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { callAs, pointProcessDbAt, type Caller } from "../helpers/callers";
import { createReportTenant, USAGE_FROM } from "../helpers/report-tenant";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";

let t: TestDatabase;
let jobs: JobRunner;
let admin: Caller;
let acme: string;

beforeAll(async () => {
  t = await createTestDatabase();
  pointProcessDbAt(t.db);
  // About 2.2 MiB of CSV: the file spans three chunks.
  ({ tenantId: acme, admin } = await createReportTenant(t, "acme", 24_000));
  jobs = await getJobs({ db: t.db, worker: true });
  await jobs.ready();
}, 120_000);

afterAll(async () => {
  await stopJobs();
  await t?.drop();
});

const until = async (cond: () => Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100)); // polling a condition, not a fixed sleep
  }
};

describe("jobs on the database", () => {
  it("the runtime login stays least-privileged with the queue installed, and pg-boss runs as it without migrating", async () => {
    await expect(assertSafeRuntimeRole(t.db)).resolves.toBeUndefined();
    const [{ login }] = await t.db.prisma.$queryRaw<{ login: string }[]>`SELECT current_user::text AS login`;
    expect(login).toBe("warden_runtime");
    // The runtime role can neither create a queue (DDL) nor change the queue's tables.
    await expect(t.db.prisma.$queryRawUnsafe(`SELECT pgboss.create_queue('rogue', '{}'::json)`)).rejects.toThrow();
    await expect(t.db.prisma.$executeRawUnsafe(`ALTER TABLE pgboss.job ADD COLUMN x int`)).rejects.toThrow();
  });

  it("an enqueue inside a tenant transaction exists only if the transaction commits; the job is worked once", async () => {
    const seen: string[] = [];
    await jobs.work(
      "notify.deliver",
      async (d) => {
        seen.push(String(d.tenantId));
      },
      { pollingIntervalSeconds: 0.5 },
    );
    await expect(
      withTenant(
        acme,
        async (tx) => {
          await jobs.enqueue("notify.deliver", { tenantId: "rolled-back" }, { tx });
          throw new Error("rollback");
        },
        { db: t.db },
      ),
    ).rejects.toThrow("rollback");
    await withTenant(acme, (tx) => jobs.enqueue("notify.deliver", { tenantId: "committed" }, { tx }), { db: t.db });
    await until(async () => seen.includes("committed"));
    await new Promise((r) => setTimeout(r, 1500)); // one more poll: nothing else arrives
    expect(seen).toEqual(["committed"]);
  });

  it("a singleton key admits one job per key per slot", async () => {
    const a = await jobs.enqueue(
      "monitor.evaluate",
      { tenantId: acme },
      { singletonKey: `${acme}-s`, singletonSeconds: 600 },
    );
    const b = await jobs.enqueue(
      "monitor.evaluate",
      { tenantId: acme },
      { singletonKey: `${acme}-s`, singletonSeconds: 600 },
    );
    const c = await jobs.enqueue(
      "monitor.evaluate",
      { tenantId: acme },
      { singletonKey: `${acme}-other`, singletonSeconds: 600 },
    );
    expect(a).toBeTruthy();
    expect(b).toBeNull();
    expect(c).toBeTruthy();
  });

  it("a report whose process vanished mid-file is taken over and resumes into the same bytes", async () => {
    const body = { type: "usage", format: "csv", from: USAGE_FROM, to: "2026-01-02T00:00:00.000Z" };
    const make = async () => {
      const res = await callAs(
        reports.POST,
        admin,
        new Request("http://warden.test/v1/reports", {
          method: "POST",
          body: JSON.stringify(body),
          headers: { "content-type": "application/json" },
        }),
      );
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const sha = async (id: string) => {
      const res = await callAs(download.GET, admin, new Request(`http://warden.test/v1/reports/${id}/download`), {
        id,
      });
      expect(res.status).toBe(200);
      return createHash("sha256")
        .update(Buffer.from(await res.arrayBuffer()))
        .digest("hex");
    };
    // Uninterrupted run (this process has a worker runner, so creation enqueued a job; run it here).
    const whole = await make();
    await reportJob({ tenantId: acme, reportId: whole }, { db: t.db });
    await reportSettled(whole);
    const expected = await sha(whole);
    const wholeRow = await withTenant(acme, (tx) => tx.report.findUniqueOrThrow({ where: { id: whole } }), {
      db: t.db,
    });
    expect(wholeRow.status).toBe("completed");

    // Interrupted: the same report's first chunk committed by a holder that then stopped renewing
    // its heartbeat (as a SIGKILLed process would); the stored prefix is exactly the uninterrupted file's.
    const cut = await make();
    const first = await withTenant(
      acme,
      (tx) => tx.reportChunk.findUniqueOrThrow({ where: { reportId_idx: { reportId: whole, idx: 0 } } }),
      { db: t.db },
    );
    const startedAt = new Date(Date.now() - 120_000);
    await withTenant(
      acme,
      async (tx) => {
        // The interrupted run had claimed it with the same snapshot and start time as the finished one.
        await tx.report.update({
          where: { id: cut },
          data: {
            status: "running",
            runToken: 1,
            startedAt: wholeRow.startedAt,
            heartbeatAt: startedAt,
            chainSeq: wholeRow.chainSeq,
            chainHash: wholeRow.chainHash,
            summary: wholeRow.summary ?? undefined,
          },
        });
      },
      { db: t.db },
    );
    // A CSV file does not carry the report's id, so the two reports' bytes are the same.
    expect(Number(wholeRow.sizeBytes)).toBeGreaterThan(2 * CHUNK_BYTES);
    await withTenant(
      acme,
      (tx) => tx.reportChunk.create({ data: { tenantId: acme, reportId: cut, idx: 0, data: first.data } }),
      { db: t.db },
    );
    await reportJob({ tenantId: acme, reportId: cut }, { db: t.db });
    const row = await withTenant(acme, (tx) => tx.report.findUniqueOrThrow({ where: { id: cut } }), { db: t.db });
    expect(row.status, row.error ?? "").toBe("completed");
    expect(row.runToken).toBe(2);
    expect(row.sha256).toBe(wholeRow.sha256);
    expect(await sha(cut)).toBe(expected);
  });
});
