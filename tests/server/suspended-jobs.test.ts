// Background jobs of a suspended tenant (ADR 0038), on this run's database: the operator suspends
// through the real /v1/platform route with a session minted by the platform sign-in the IdP
// callback calls (MFA claims); the worker's own handlers then run (the fan-outs enqueue on the real
// job queue, read back from pg-boss's table). A second tenant, never suspended, is the control.
// While suspended: no monitoring evaluation, no delivery, no stream, no scheduled report and no
// report started; verification and its checkpoint still run. After resume everything catches up.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as reports from "@/app/v1/reports/route";
import { POST as resumeRoute } from "@/app/v1/platform/tenants/[id]/resume/route";
import { POST as suspendRoute } from "@/app/v1/platform/tenants/[id]/suspend/route";
import { streamFanOut, streamJob } from "@/lib/audit/streaming/jobs";
import { runScheduledVerification } from "@/lib/audit/verification";
import { issueOperatorSessionCookie } from "@/lib/auth/sso/session-cookie";
import { setDbForTests } from "@/lib/db";
import { DEMO_OPERATOR_EMAIL } from "@/lib/idp-local/accounts";
import { getJobs, stopJobs, type JobRunner } from "@/lib/jobs";
import { evaluateTenantJob, monitorFanOut } from "@/lib/monitoring/monitor";
import { deliverDue } from "@/lib/notifications/outbox";
import { completePlatformSignIn } from "@/lib/platform/operators";
import { runDueSchedules } from "@/lib/reports/schedules";
import { reportJob, reportSettled } from "@/lib/reports/service";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { call } from "../helpers/call-route";
import { callAs, pointProcessDbAt, signedIn, type Caller } from "../helpers/callers";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

const WARDEN = "http://127.0.0.1:3392";
const saved = { ...process.env };
let t: TestDatabase;
let jobs: JobRunner;
let op: Record<string, string>;
let acme: string;
let globex: string;
let acmeAdmin: Caller;

const queued = async (kind: string): Promise<Record<string, unknown>[]> =>
  (
    await t.db.prisma.$queryRawUnsafe<{ data: Record<string, unknown> }[]>(
      `SELECT data FROM pgboss.job WHERE name = $1 AND state = 'created'`,
      kind,
    )
  ).map((r) => r.data);
const clearQueue = (kind: string) => t.db.prisma.$executeRawUnsafe(`DELETE FROM pgboss.job WHERE name = $1`, kind);
const cursor = (tenantId: string) =>
  withTenant(
    tenantId,
    async (tx) => Number((await tx.monitoringSettings.findUniqueOrThrow({ where: { tenantId } })).cursorSeq),
    { db: t.db },
  );
const headSeq = (tenantId: string) =>
  withTenant(tenantId, async (tx) => Number((await tx.auditEntry.aggregate({ _max: { seq: true } }))._max.seq ?? 0), {
    db: t.db,
  });

beforeAll(async () => {
  process.env.AUTH_URL = WARDEN;
  process.env.WARDEN_PLATFORM_OPERATORS = DEMO_OPERATOR_EMAIL;
  t = await createTestDatabase({ seeded: true });
  setDbForTests(t.db);
  pointProcessDbAt(t.db);
  acme = await tenantIdBySlug(t.db, "acme");
  globex = await tenantIdBySlug(t.db, "globex");
  acmeAdmin = await signedIn(t.db, "acme", "alice.chen@acme.test");
  const signed = await completePlatformSignIn(
    { sub: "op", email: DEMO_OPERATOR_EMAIL, email_verified: true, amr: ["pwd", "otp"] },
    t.db,
  );
  expect(signed.ok).toBe(true);
  const cookie = await issueOperatorSessionCookie((signed as { operatorId: string }).operatorId, true);
  op = {
    cookie: `${cookie.name}=${cookie.value}`,
    origin: WARDEN,
    host: new URL(WARDEN).host,
    "sec-fetch-site": "same-origin",
  };
  jobs = await getJobs({ db: t.db, worker: true });
  await jobs.ready();
  // Work waiting in both tenants: the seeded schedule and stream enabled and due, one pending notification.
  for (const id of [acme, globex]) {
    await withTenant(
      id,
      async (tx) => {
        await tx.reportSchedule.updateMany({ data: { enabled: true, nextRunAt: new Date(Date.now() - 60_000) } });
        await tx.auditStream.updateMany({ data: { enabled: true, nextAttemptAt: new Date(Date.now() - 60_000) } });
        await tx.notificationOutbox.create({
          data: {
            tenantId: id,
            channel: "webhook",
            target: "https://hooks.invalid/warden",
            payload: { event: "test" },
          },
        });
      },
      { db: t.db },
    );
  }
}, 300_000);

afterAll(async () => {
  await stopJobs();
  await t?.drop();
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

describe(`background jobs of a suspended tenant on ${TEST_DB_KIND}`, () => {
  it("pauses evaluation, delivery, streams, scheduled and queued reports while suspended; verification runs; all resume after resume", async () => {
    // A report created before the suspension, not yet started.
    const made = await callAs(
      reports.POST,
      acmeAdmin,
      new Request(`${WARDEN}/v1/reports`, {
        method: "POST",
        body: JSON.stringify({ type: "usage", format: "csv", range: "7d" }),
        headers: { "content-type": "application/json" },
      }),
    );
    expect(made.status).toBe(201);
    const reportId = ((await made.json()) as { id: string }).id;

    const s = await call(suspendRoute, "POST", `/v1/platform/tenants/${acme}/suspend`, {
      headers: op,
      body: { reason: "unpaid invoice" },
      params: { id: acme },
    });
    expect(s.status).toBe(200);
    expect(s.body.status).toBe("suspended");
    const cursorAtSuspend = await cursor(acme);
    expect(await headSeq(acme)).toBeGreaterThan(cursorAtSuspend); // the suspension itself is unread

    // Fan-outs: the control tenant only.
    for (const k of ["monitor.evaluate", "audit.stream"]) await clearQueue(k);
    expect(await monitorFanOut({ db: t.db })).toBeGreaterThan(0);
    expect((await queued("monitor.evaluate")).map((d) => d.tenantId)).toContain(globex);
    expect((await queued("monitor.evaluate")).map((d) => d.tenantId)).not.toContain(acme);
    await streamFanOut({ db: t.db });
    expect((await queued("audit.stream")).map((d) => d.tenantId)).toEqual([globex]);

    // A job queued before the suspension: evaluation skipped, the cursor stays.
    await evaluateTenantJob(acme, { db: t.db });
    expect(await cursor(acme)).toBe(cursorAtSuspend);
    const acmeStream = await withTenant(acme, (tx) => tx.auditStream.findFirstOrThrow({}), { db: t.db });
    await streamJob(acme, acmeStream.id, { db: t.db });
    expect((await withTenant(acme, (tx) => tx.auditStream.findFirstOrThrow({}), { db: t.db })).cursorSeq).toBe(
      acmeStream.cursorSeq,
    );

    // Deliveries: the suspended tenant's row is not attempted; the control's is.
    await deliverDue({ db: t.db });
    const outbox = async (id: string) =>
      withTenant(
        id,
        (tx) => tx.notificationOutbox.findFirstOrThrow({ where: { target: "https://hooks.invalid/warden" } }),
        { db: t.db },
      );
    expect(await outbox(acme)).toMatchObject({ status: "pending", attempts: 0 });
    expect((await outbox(globex)).attempts).toBe(1);

    // Scheduled reports: only the control's schedule is claimed.
    const during = await runDueSchedules({ db: t.db });
    expect(during).toHaveLength(1);
    expect(
      await withTenant(acme, (tx) => tx.report.count({ where: { scheduleId: { not: null } } }), { db: t.db }),
    ).toBe(0);

    // The queued report is not started; its job looks again later.
    await clearQueue("report.generate");
    await reportJob({ tenantId: acme, reportId }, { db: t.db });
    expect(
      (await withTenant(acme, (tx) => tx.report.findUniqueOrThrow({ where: { id: reportId } }), { db: t.db })).status,
    ).toBe("queued");
    expect(await queued("report.generate")).toEqual([{ tenantId: acme, reportId }]);

    // Verification and the checkpoint run for the suspended tenant too.
    const checkpoints = () => withTenant(acme, (tx) => tx.auditCheckpoint.count(), { db: t.db });
    const before = await checkpoints();
    const verified = await runScheduledVerification({ db: t.db });
    expect(verified.find((v) => v.tenantId === acme)?.result.verified).toBe(true);
    expect(await checkpoints()).toBe(before + 1);

    // Resume: everything catches up.
    const r = await call(resumeRoute, "POST", `/v1/platform/tenants/${acme}/resume`, {
      headers: op,
      params: { id: acme },
    });
    expect(r.status).toBe(200);
    await clearQueue("monitor.evaluate");
    await monitorFanOut({ db: t.db });
    expect((await queued("monitor.evaluate")).map((d) => d.tenantId)).toContain(acme);
    await evaluateTenantJob(acme, { db: t.db });
    expect(await cursor(acme)).toBe(await headSeq(acme));
    await deliverDue({ db: t.db, tenantIds: [acme] });
    expect((await outbox(acme)).attempts).toBe(1);
    await clearQueue("audit.stream");
    await streamFanOut({ db: t.db });
    expect((await queued("audit.stream")).map((d) => d.tenantId)).toContain(acme);
    const after = await runDueSchedules({ db: t.db });
    expect(after).toHaveLength(1);
    expect(
      await withTenant(acme, (tx) => tx.report.count({ where: { scheduleId: { not: null } } }), { db: t.db }),
    ).toBe(1);
    await reportJob({ tenantId: acme, reportId }, { db: t.db });
    await reportSettled(reportId);
    const done = await withTenant(acme, (tx) => tx.report.findUniqueOrThrow({ where: { id: reportId } }), { db: t.db });
    expect(done.status, done.error ?? "").toBe("completed");
  }, 180_000);
});
