// Scheduled reports through /v1/reports/schedules with real callers (a signed-in admin, a viewer):
// create, list, read, change and delete, validated, permission-checked and audited; a due
// schedule fires once (a second pass at the same moment makes nothing), its report is generated
// and delivered by the outbox to a real local SMTP server with the file attached, its SHA-256
// equal to the stored report's.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as one from "@/app/v1/reports/schedules/[id]/route";
import * as many from "@/app/v1/reports/schedules/route";
import { PUT as channelsPUT } from "@/app/v1/monitoring/channels/route";
import { deliverDue } from "@/lib/notifications/outbox";
import { nextRunAfter, runDueSchedules } from "@/lib/reports/schedules";
import { reportSettled } from "@/lib/reports/service";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { pointProcessDbAt, requestAs as call, signedIn, type Caller } from "../helpers/callers";
import { createReportTenant, USAGE_FROM } from "../helpers/report-tenant";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";

process.env.WARDEN_OUTBOUND_ALLOW = "127.0.0.1"; // this file's SMTP server, on a port chosen at run time
let t: TestDatabase;
let admin: Caller;
let viewer: Caller;
let tenantId: string;
let smtp: SmtpSink;

beforeAll(async () => {
  t = await createTestDatabase();
  pointProcessDbAt(t.db);
  ({ tenantId, admin } = await createReportTenant(t, "sched", 3_000));
  await withTenant(
    tenantId,
    (tx) => tx.user.create({ data: { tenantId, email: "viewer@sched.test", name: "Viewer", role: "viewer" } }),
    { db: t.db },
  );
  viewer = await signedIn(t.db, "sched", "viewer@sched.test");
  smtp = await startSmtpSink();
}, 180_000);

afterAll(async () => {
  await smtp?.close();
  await t?.drop();
});

const weekly = {
  name: "Weekly usage",
  type: "usage",
  format: "csv",
  window_days: 7,
  cadence: "weekly",
  weekday: 1,
  hour: 6,
  channels: ["email"],
  email_to: ["compliance@sched.test"],
};

describe("scheduled reports", () => {
  it("create, list, read, change and delete through the API; validated, permission-checked and audited", async () => {
    const made = await call(many.POST, admin, "POST", "/v1/reports/schedules", weekly);
    expect(made.status).toBe(201);
    const s = await made.json();
    expect(s).toMatchObject({
      name: "Weekly usage",
      cadence: "weekly",
      weekday: 1,
      day_of_month: null,
      hour: 6,
      channels: ["email"],
      enabled: true,
    });
    const next = new Date(s.next_run_at);
    expect(next.getUTCDay()).toBe(1);
    expect(next.getUTCHours()).toBe(6);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);

    expect(
      (await call(many.POST, admin, "POST", "/v1/reports/schedules", { ...weekly, weekday: undefined })).status,
    ).toBe(400);
    expect(
      (
        await call(many.POST, admin, "POST", "/v1/reports/schedules", {
          ...weekly,
          cadence: "monthly",
          weekday: undefined,
          day_of_month: 31,
        })
      ).status,
    ).toBe(400);
    expect((await call(many.POST, viewer, "POST", "/v1/reports/schedules", weekly)).status).toBe(403);

    const list = await (await call(many.GET, viewer, "GET", "/v1/reports/schedules")).json();
    expect(list.data.map((x: { id: string }) => x.id)).toEqual([s.id]);
    expect((await call(one.GET, viewer, "GET", `/v1/reports/schedules/${s.id}`, undefined, { id: s.id })).status).toBe(
      200,
    );

    const changed = await call(
      one.PATCH,
      admin,
      "PATCH",
      `/v1/reports/schedules/${s.id}`,
      { cadence: "monthly", day_of_month: 1 },
      { id: s.id },
    );
    expect(changed.status).toBe(200);
    const c = await changed.json();
    expect(c).toMatchObject({ cadence: "monthly", day_of_month: 1, weekday: null });
    expect(new Date(c.next_run_at).getUTCDate()).toBe(1);
    expect(
      (await call(one.PATCH, viewer, "PATCH", `/v1/reports/schedules/${s.id}`, { enabled: false }, { id: s.id }))
        .status,
    ).toBe(403);

    expect(
      (await call(one.DELETE, admin, "DELETE", `/v1/reports/schedules/${s.id}`, undefined, { id: s.id })).status,
    ).toBe(200);
    expect((await call(one.GET, admin, "GET", `/v1/reports/schedules/${s.id}`, undefined, { id: s.id })).status).toBe(
      404,
    );
    const audited = await withTenant(
      tenantId,
      (tx) => tx.auditEntry.findMany({ where: { targetId: s.id }, orderBy: { seq: "asc" } }),
      { db: t.db },
    );
    expect(audited.map((a) => a.action)).toEqual([
      "report.schedule_create",
      "report.schedule_update",
      "report.schedule_delete",
    ]);
    expect(audited[1].details).toMatchObject({ changed: { cadence: { from: "weekly", to: "monthly" } } });
  });

  it("next runs: daily, weekly on a weekday, monthly on a day, at the hour UTC", () => {
    const at = new Date("2026-12-02T10:00:00Z"); // a Wednesday
    expect(nextRunAfter({ cadence: "daily", weekday: null, dayOfMonth: null, hour: 6 }, at).toISOString()).toBe(
      "2026-12-03T06:00:00.000Z",
    );
    expect(nextRunAfter({ cadence: "daily", weekday: null, dayOfMonth: null, hour: 11 }, at).toISOString()).toBe(
      "2026-12-02T11:00:00.000Z",
    );
    expect(nextRunAfter({ cadence: "weekly", weekday: 1, dayOfMonth: null, hour: 6 }, at).toISOString()).toBe(
      "2026-12-07T06:00:00.000Z",
    );
    expect(nextRunAfter({ cadence: "monthly", weekday: null, dayOfMonth: 1, hour: 6 }, at).toISOString()).toBe(
      "2027-01-01T06:00:00.000Z",
    );
  });

  it("a due schedule fires once: the report is generated and e-mailed to a real SMTP server with the file attached", async () => {
    expect((await call(channelsPUT, admin, "PUT", "/v1/monitoring/channels", { smtp_url: smtp.url })).status).toBe(200);
    const s = await (
      await call(many.POST, admin, "POST", "/v1/reports/schedules", {
        ...weekly,
        name: "Daily usage",
        cadence: "daily",
        weekday: undefined,
      })
    ).json();
    // The run is due: the usage rows lie in the 7 days before it.
    const due = new Date(Date.parse(USAGE_FROM) + 3 * 86_400_000);
    await withTenant(tenantId, (tx) => tx.reportSchedule.update({ where: { id: s.id }, data: { nextRunAt: due } }), {
      db: t.db,
    });
    const fired = await runDueSchedules({ db: t.db, now: due, tenantIds: [tenantId] });
    expect(fired).toHaveLength(1);
    expect(await runDueSchedules({ db: t.db, now: due, tenantIds: [tenantId] })).toEqual([]); // claimed once
    await reportSettled(fired[0]);
    const report = await withTenant(tenantId, (tx) => tx.report.findUniqueOrThrow({ where: { id: fired[0] } }), {
      db: t.db,
    });
    expect(report).toMatchObject({
      status: "completed",
      scheduleId: s.id,
      type: "usage",
      format: "csv",
      rowsDone: 3_000,
    });
    const after = await withTenant(tenantId, (tx) => tx.reportSchedule.findUniqueOrThrow({ where: { id: s.id } }), {
      db: t.db,
    });
    expect(after.lastReportId).toBe(report.id);
    expect(after.nextRunAt.toISOString()).toBe("2026-01-04T06:00:00.000Z"); // the same day at 06:00 UTC

    const run = await deliverDue({ db: t.db, tenantIds: [tenantId] });
    expect(run).toMatchObject({ attempted: 1, delivered: 1, failed: 0 });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0].to).toBe("compliance@sched.test");
    expect(smtp.mails[0].body).toContain(`X-Warden-Report: ${report.id}`);
    expect(smtp.mails[0].body).toContain(`filename=warden-usage-report-${report.id}.csv`);
    // The attachment's bytes are the stored file's.
    const b64 = smtp.mails[0].body.split(/\r?\n\r?\n/).slice(-1)[0]; // the last MIME part's body
    const part = smtp.mails[0].body.slice(smtp.mails[0].body.indexOf(`filename=warden-usage-report-${report.id}.csv`));
    const encoded = part
      .slice(part.search(/\r?\n\r?\n/))
      .split(/\r?\n--/)[0]
      .replace(/\s+/g, "");
    expect(b64.length).toBeGreaterThan(0);
    expect(createHash("sha256").update(Buffer.from(encoded, "base64")).digest("hex")).toBe(report.sha256);
    expect((await deliverDue({ db: t.db, tenantIds: [tenantId] })).attempted).toBe(0);
  });
});
