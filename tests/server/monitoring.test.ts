// Compliance monitoring end to end on the seeded demo: the demo's rules (lib/seed/monitoring-rules.ts)
// POSTed verbatim, seeded events firing each of its three rules once per window, alerts reaching a real SMTP server
// (smtp-server) and a node:http receiver that verifies the HMAC signature, a receiver that is
// down and then back, the approval gate on audit exports, alert transitions and the dashboard.
// The receivers listen on 127.0.0.1, so this file lists that address in WARDEN_OUTBOUND_ALLOW (the
// refusals without the opt-in are in notification-ssrf.test.ts and outbound-guard.test.ts).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as enterprisePOST, GET as enterpriseGET } from "@/app/api/enterprise/compliance/monitoring/route";
import { PATCH as alertPATCH } from "@/app/v1/alerts/[id]/route";
import { GET as alertsGET } from "@/app/v1/alerts/route";
import { GET as exportGET } from "@/app/v1/audit/export/route";
import { PUT as frameworksPUT } from "@/app/v1/compliance/frameworks/route";
import { PUT as channelsPUT, GET as channelsGET } from "@/app/v1/monitoring/channels/route";
import { POST as rulesPOST } from "@/app/v1/monitoring/rules/route";
import { appendAudit, auditActor } from "@/lib/audit/append";
import type { Actor } from "@/lib/auth/actor";
import { complianceDashboard } from "@/lib/compliance/dashboard";
import { approvalGate } from "@/lib/monitoring/approvals";
import { evaluateTenant } from "@/lib/monitoring/evaluator";
import { runMonitorOnce } from "@/lib/monitoring/monitor";
import { deliverDue, type BackoffConfig } from "@/lib/notifications/outbox";
import { verifySignature, SIGNATURE_HEADER } from "@/lib/notifications/signing";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import { approveAs, rejectAs } from "../helpers/approvals";
import { pointProcessDbAt, requestAs as call, signedIn, statusAndJson as json, type Caller } from "../helpers/callers";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

const SEED_BODY = {
  monitoring_rules: [
    {
      name: "Failed Login Monitoring",
      type: "security_event",
      condition: "failed_logins > 10 in 1h",
      action: "alert_security_team",
      severity: "high",
    },
    {
      name: "Data Export Monitoring",
      type: "data_access",
      condition: "data_export_size > 1GB",
      action: "require_approval",
      severity: "medium",
    },
    {
      name: "Budget Threshold Alert",
      type: "budget_usage",
      condition: "usage > 80% of budget",
      action: "notify_manager",
      severity: "low",
    },
  ],
  notification_channels: {
    email: ["security@company.com", "compliance@company.com"],
    slack: "#security-alerts",
    webhook: "https://company.com/security-webhook",
  },
};
const SECRET = "whsec_test_0123456789abcdef";
process.env.WARDEN_OUTBOUND_ALLOW = "127.0.0.1"; // this file's receivers and SMTP server, on ports chosen at run time
const FAST: BackoffConfig = { baseMs: 1000, maxMs: 60_000, maxAttempts: 10, leaseMs: 60_000 };

let t: TestDatabase;
let acme: string;
let alice: Caller;
let rahul: Caller;
let viewer: Caller;
/** Alice as the resolver sees her, for library calls that take an Actor. */
let aliceActor: Actor;
const hooks: { path: string; ok: boolean; body: Record<string, unknown> }[] = [];
let smtp: SmtpSink;
let receiver: http.Server | null = null;
let receiverPort = 0;

function startReceiver(port = 0): Promise<number> {
  receiver = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      if (req.url === "/slack") {
        hooks.push({ path: "/slack", ok: true, body });
        return res.writeHead(200).end("ok");
      }
      const v = verifySignature(SECRET, raw, req.headers[SIGNATURE_HEADER] as string);
      hooks.push({ path: req.url ?? "", ok: v.ok, body });
      res.writeHead(v.ok ? 204 : 401).end();
    });
  });
  return new Promise((resolve) =>
    receiver!.listen(port, "127.0.0.1", () => resolve((receiver!.address() as AddressInfo).port)),
  );
}
const stopReceiver = () => new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));

const inAcme = <T>(fn: (tx: TenantTx) => Promise<T>) => withTenant(acme, fn, { db: t.db });
/** Eleven failed sign-ins by one attacker in the minute before `now`: past the demo's "> 10 in 1h". */
async function failedLogins(tx: TenantTx, now: Date) {
  for (let i = 0; i < 11; i++)
    await appendAudit(tx, {
      action: "auth.login_failed",
      outcome: "failure",
      actor: { kind: "user", subject: "mallory@evil.test" },
      at: new Date(now.getTime() - 60_000 - i * 1000),
    });
}

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  pointProcessDbAt(t.db);
  acme = await tenantIdBySlug(t.db, "acme");
  alice = await signedIn(t.db, "acme", "alice.chen@acme.test");
  aliceActor = await alice.actor();
  rahul = await signedIn(t.db, "acme", "rahul.mehta@acme.test");
  viewer = await signedIn(t.db, "acme", "carol.johnson@acme.test");
  smtp = await startSmtpSink();
  receiverPort = await startReceiver();
}, 180_000);

afterAll(async () => {
  await stopReceiver();
  await smtp?.close();
  await t?.drop();
});

describe(`compliance monitoring (${TEST_DB_KIND})`, () => {
  it("the demo's alerts come from the real evaluator over seeded audit rows", async () => {
    const alerts = await inAcme((tx) =>
      tx.monitoringAlert.findMany({ include: { rule: true }, orderBy: { firedAt: "asc" } }),
    );
    const failed = alerts.filter((a) => a.rule.name === "Failed Login Monitoring");
    expect(failed.map((a) => a.status)).toEqual(["resolved", "open"]);
    for (const a of failed) {
      const direct = await inAcme((tx) =>
        tx.auditEntry.count({
          where: { action: "auth.login_failed", ts: { gt: new Date(a.firedAt.getTime() - 3_600_000), lte: a.firedAt } },
        }),
      );
      expect((a.details as { value: number }).value).toBe(direct);
      expect(direct).toBeGreaterThan(10);
    }
    expect((failed[0].history as { status: string }[]).map((h) => h.status)).toEqual([
      "open",
      "acknowledged",
      "resolved",
    ]);
    expect(await inAcme((tx) => tx.notificationOutbox.count({ where: { alertId: failed[1].id } }))).toBe(3);
    expect(await inAcme((tx) => tx.approvalRequest.count({ where: { status: "pending" } }))).toBe(1);
  });

  it("accepts the demo's body verbatim and refuses bad conditions with the position", async () => {
    const r = await json(await call(enterprisePOST, alice, "POST", "/api/enterprise/compliance/monitoring", SEED_BODY));
    expect(r.status).toBe(201);
    expect(r.body.monitoring_rules.map((x: { condition: string }) => x.condition)).toEqual([
      "failed_logins > 10 in 1h",
      "data_export_size > 1GB",
      "usage > 80% of budget",
    ]);
    expect(r.body.notification_channels).toMatchObject({
      email: SEED_BODY.notification_channels.email,
      slack: "#security-alerts",
      webhook: "https://company.com/security-webhook",
    });
    expect(await inAcme((tx) => tx.monitoringRule.count())).toBe(3); // upserted by name over the seeded rules
    const bad = await json(
      await call(enterprisePOST, alice, "POST", "/api/enterprise/compliance/monitoring", {
        monitoring_rules: [{ ...SEED_BODY.monitoring_rules[0], condition: "failed_logins > 10 in 1x" }],
      }),
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("column 24");
    const denied = await json(
      await call(enterprisePOST, viewer, "POST", "/api/enterprise/compliance/monitoring", SEED_BODY),
    );
    expect(denied.status).toBe(403);
    const got = await json(await call(enterpriseGET, alice, "GET", "/api/enterprise/compliance/monitoring"));
    expect(got.body.monitoring_rules).toHaveLength(3);
  });

  it("stores delivery secrets sealed and never returns them", async () => {
    const r = await json(
      await call(channelsPUT, alice, "PUT", "/v1/monitoring/channels", {
        webhook: `http://127.0.0.1:${receiverPort}/hook`,
        webhook_secret: SECRET,
        slack_webhook_url: `http://127.0.0.1:${receiverPort}/slack`,
        smtp_url: smtp.url,
      }),
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      webhook_secret_configured: true,
      slack_webhook_configured: true,
      smtp_configured: true,
      smtp_source: "tenant",
      slack: "#security-alerts",
    });
    const raw = await inAcme((tx) => tx.monitoringSettings.findFirstOrThrow());
    // Sealed under the tenant's own key (ADR 0035): "v2.<tenant id>.…", never the secret itself.
    expect(raw.webhookSecretSealed!.startsWith(`v2.${acme}.`)).toBe(true);
    expect(raw.webhookSecretSealed).not.toContain(SECRET);
    expect(
      JSON.stringify((await json(await call(channelsGET, alice, "GET", "/v1/monitoring/channels"))).body),
    ).not.toContain(SECRET);
  });

  it("seeded events fire each of the three rules once per window; alerts reach SMTP, Slack and the signed webhook", async () => {
    const now = new Date();
    // Clear the demo's own alert state so the counts below are this test's.
    await inAcme(async (tx) => {
      await tx.notificationOutbox.deleteMany();
      await tx.monitoringAlert.deleteMany();
      await tx.monitoringSettings.update({
        where: { tenantId: acme },
        data: { cursorSeq: (await tx.auditEntry.aggregate({ _max: { seq: true } }))._max.seq ?? 0 },
      });
    });
    await inAcme(async (tx) => {
      await failedLogins(tx, now);
      const b = await tx.budget.findFirstOrThrow({ where: { ownerType: "team" }, orderBy: { id: "asc" } });
      await tx.budget.update({ where: { id: b.id }, data: { spentUsd: Number(b.limitUsd) * 0.85 } });
    });
    // The export gate: a 2 GB export matches the demo's require_approval rule.
    const gate = await inAcme((tx) =>
      approvalGate(
        tx,
        {
          action: "audit.export",
          params: { format: "jsonl", filters: {} },
          measures: { data_export_size: 2 * 1024 ** 3 },
          actor: auditActor(aliceActor),
        },
        now,
      ),
    );
    expect(gate.allowed).toBe(false);

    const pass = await runMonitorOnce({ db: t.db, tenantIds: [acme], now: () => now, backoff: FAST });
    const alerts = await inAcme((tx) => tx.monitoringAlert.findMany({ include: { rule: true } }));
    const byRule = (name: string) => alerts.filter((a) => a.rule.name === name);
    expect(byRule("Failed Login Monitoring")).toHaveLength(1);
    expect(byRule("Data Export Monitoring")).toHaveLength(1);
    expect(byRule("Budget Threshold Alert").length).toBeGreaterThanOrEqual(1);
    expect((byRule("Failed Login Monitoring")[0].details as { value: number }).value).toBeGreaterThanOrEqual(11);
    expect(pass.deliveries.failed).toBe(0);
    expect(pass.deliveries.delivered).toBe(alerts.length * 3); // email + slack + webhook each

    // SMTP received every alert; notify_manager also went to the tenant's admins.
    expect(smtp.mails.length).toBe(alerts.length);
    expect(
      smtp.mails.some((m) => m.body.includes("Failed Login Monitoring") && m.to.includes("security@company.com")),
    ).toBe(true);
    expect(
      smtp.mails.some((m) => m.body.includes("Budget Threshold Alert") && m.to.includes("alice.chen@acme.test")),
    ).toBe(true);
    const signed = hooks.filter((h) => h.path === "/hook");
    expect(signed.length).toBe(alerts.length);
    expect(signed.every((h) => h.ok)).toBe(true);
    expect(hooks.filter((h) => h.path === "/slack").every((h) => h.body.channel === "#security-alerts")).toBe(true);

    // Same window: no second alert, nothing new to deliver.
    const again = await runMonitorOnce({ db: t.db, tenantIds: [acme], now: () => now, backoff: FAST, force: true });
    expect(again.alerts).toBe(0);
    expect(again.deliveries.attempted).toBe(0);
  });

  it("holds deliveries while the receiver is down and delivers them once it is back", async () => {
    await stopReceiver();
    const before = hooks.length;
    const now = new Date(Date.now() + 2 * 3_600_000); // a new 1h window
    await inAcme((tx) => failedLogins(tx, now));
    const first = await runMonitorOnce({ db: t.db, tenantIds: [acme], now: () => now, backoff: FAST });
    expect(first.alerts).toBe(1);
    const hook = await inAcme((tx) =>
      tx.notificationOutbox.findFirstOrThrow({ where: { channel: "webhook", status: "pending" } }),
    );
    expect(hook.attempts).toBe(1);
    expect(hook.lastError).toMatch(/ECONNREFUSED|failed/);
    expect(hook.nextAttemptAt.getTime()).toBe(now.getTime() + FAST.baseMs);
    // Still down: a second attempt, backoff doubles.
    const t2 = new Date(now.getTime() + FAST.baseMs);
    await deliverDue({ db: t.db, tenantIds: [acme], now: () => t2, backoff: FAST });
    const h2 = await inAcme((tx) => tx.notificationOutbox.findUniqueOrThrow({ where: { id: hook.id } }));
    expect(h2.attempts).toBe(2);
    expect(h2.nextAttemptAt.getTime()).toBe(t2.getTime() + 2 * FAST.baseMs);
    // Not yet due: nothing is attempted.
    expect(
      (await deliverDue({ db: t.db, tenantIds: [acme], now: () => new Date(t2.getTime() + 1000), backoff: FAST }))
        .attempted,
    ).toBe(0);
    await startReceiver(receiverPort);
    await deliverDue({
      db: t.db,
      tenantIds: [acme],
      now: () => new Date(t2.getTime() + 2 * FAST.baseMs),
      backoff: FAST,
    });
    const h3 = await inAcme((tx) => tx.notificationOutbox.findUniqueOrThrow({ where: { id: hook.id } }));
    expect(h3.status).toBe("delivered");
    expect(h3.attempts).toBe(3);
    expect(hooks.slice(before).filter((h) => h.path === "/hook" && h.ok)).toHaveLength(1);
  });

  it("a require_approval export waits for a second admin; the requester cannot approve", async () => {
    const small = await json(
      await call(rulesPOST, alice, "POST", "/v1/monitoring/rules", {
        name: "Any export",
        type: "data_access",
        condition: "data_export_size > 1KB",
        action: "require_approval",
        severity: "medium",
      }),
    );
    expect(small.status).toBe(201);
    const wrong = await json(
      await call(rulesPOST, alice, "POST", "/v1/monitoring/rules", {
        name: "Bad gate",
        type: "security_event",
        condition: "failed_logins > 1 in 1h",
        action: "require_approval",
        severity: "low",
      }),
    );
    expect(wrong.status).toBe(400);

    const exportAs = (who: Caller, query: string) => call(exportGET, who, "GET", `/v1/audit/export?${query}`);
    const blocked = await exportAs(alice, "format=jsonl&category=access");
    expect(blocked.status).toBe(202);
    const b = await blocked.json();
    expect(b.status).toBe("approval_required");
    expect(b.message).toContain(b.approval_id);
    expect(b.estimate.bytes).toBeGreaterThan(1024);
    const exportsBefore = await inAcme((tx) => tx.auditEntry.count({ where: { action: "audit.export" } }));

    const self = await json(await approveAs(alice, b.approval_id));
    expect(self.status).toBe(403);
    const approved = `format=jsonl&category=access&approval_id=${b.approval_id}`;
    const still = await exportAs(alice, approved);
    expect(still.status).toBe(202);

    const ok = await json(await approveAs(rahul, b.approval_id, "quarterly review"));
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe("approved");
    // Approval covers these parameters only.
    const other = await exportAs(alice, `format=csv&approval_id=${b.approval_id}`);
    expect(other.status).toBe(400);
    const run = await exportAs(alice, approved);
    expect(run.status).toBe(200);
    expect((await run.text()).length).toBeGreaterThan(100);
    const reuse = await exportAs(alice, approved);
    expect(reuse.status).toBe(409);

    const audit = await inAcme((tx) =>
      tx.auditEntry.findMany({ where: { targetId: b.approval_id }, orderBy: { seq: "asc" } }),
    );
    expect(audit.map((a) => `${a.action}:${a.outcome}`)).toEqual([
      "approval.request:success",
      "approval.approve:denied",
      "approval.approve:success",
      "approval.consume:success",
    ]);
    expect(audit[2].actorRef).toBe(rahul.userId);
    expect(await inAcme((tx) => tx.auditEntry.count({ where: { action: "audit.export" } }))).toBe(exportsBefore + 1);

    // Rejection ends it.
    const b2 = await (await exportAs(rahul, "format=json&category=security")).json();
    expect((await json(await rejectAs(alice, b2.approval_id, "not needed"))).status).toBe(200);
    expect((await exportAs(rahul, `format=json&category=security&approval_id=${b2.approval_id}`)).status).toBe(403);
  });

  it("alerts move open -> acknowledged -> resolved with history; the dashboard counts them", async () => {
    const list = await json(await call(alertsGET, viewer, "GET", "/v1/alerts?status=active"));
    expect(list.status).toBe(403); // viewers hold no monitoring.read
    const active = (await json(await call(alertsGET, alice, "GET", "/v1/alerts?status=active"))).body.data as {
      id: string;
      status: string;
    }[];
    const target = active.find((a) => a.status === "open")!;
    const setStatus = (body: { status: string; note?: string }) =>
      call(alertPATCH, rahul, "PATCH", `/v1/alerts/${target.id}`, body, { id: target.id });
    const ack = await json(await setStatus({ status: "acknowledged", note: "looking" }));
    expect(ack.body.status).toBe("acknowledged");
    expect(ack.body.history.map((h: { status: string }) => h.status)).toEqual(["open", "acknowledged"]);

    const d = await inAcme((tx) => complianceDashboard(tx));
    const direct = await inAcme((tx) =>
      tx.monitoringAlert.count({ where: { status: { in: ["open", "acknowledged"] } } }),
    );
    expect(d.security_posture.active_alerts).toBe(direct);
    const alertItems = d.risk_assessment.items.filter((i) => i.source === "alert");
    expect(alertItems).toHaveLength(direct);
    const item = alertItems.find((i) => i.alert_id === target.id)!;
    expect(item).toMatchObject({ mitigation_status: "in_progress", progress_pct: 50 });
    expect(item.evidence[0].href).toBe(`/monitoring?alert=${target.id}`);
    const fails = d.checks.filter((c) => c.status === "fail").length;
    const r = d.risk_assessment;
    expect(r.high_risk_items + r.medium_risk_items + r.low_risk_items).toBe(fails + direct);

    const res = await json(await setStatus({ status: "resolved" }));
    expect(res.body.status).toBe("resolved");
    expect((await json(await setStatus({ status: "acknowledged" }))).status).toBe(409);
    const d2 = await inAcme((tx) => complianceDashboard(tx));
    expect(d2.security_posture.active_alerts).toBe(direct - 1);
  });

  it("a framework marked not applicable shows as not_applicable, audited", async () => {
    const r = await json(
      await call(frameworksPUT, alice, "PUT", "/v1/compliance/frameworks", { framework: "hipaa", applicable: false }),
    );
    expect(r.status).toBe(200);
    expect(r.body.frameworks.hipaa).toBe(false);
    const d = await inAcme((tx) => complianceDashboard(tx));
    expect(d.compliance_status.hipaa_compliance).toBe("not_applicable");
    const e = await inAcme((tx) =>
      tx.auditEntry.findFirstOrThrow({ where: { action: "compliance.framework_update" }, orderBy: { seq: "desc" } }),
    );
    expect(e.details).toMatchObject({ before: { applicable: true }, after: { applicable: false } });
    expect(
      (
        await json(
          await call(frameworksPUT, viewer, "PUT", "/v1/compliance/frameworks", {
            framework: "hipaa",
            applicable: true,
          }),
        )
      ).status,
    ).toBe(403);
  });

  it("new audit entries evaluate only the rules they feed, before the schedule is due; exports are judged one by one", async () => {
    const created = await json(
      await call(rulesPOST, alice, "POST", "/v1/monitoring/rules", {
        name: "Large export alert",
        type: "data_access",
        condition: "data_export_size > 4KB",
        action: "alert_security_team",
        severity: "medium",
      }),
    );
    expect(created.status).toBe(201);
    const rahulActor = auditActor(await rahul.actor());
    const exported = (bytes: number) =>
      inAcme((tx) =>
        appendAudit(tx, {
          action: "data.export",
          outcome: "success",
          actor: rahulActor,
          details: { estimated_bytes: bytes },
        }),
      );
    const entry = await exported(5000);
    const small = await exported(3000);
    const settings = await inAcme((tx) => tx.monitoringSettings.findFirstOrThrow());
    const now = new Date(settings.lastEvaluatedAt!.getTime() + 1000); // schedule not due
    const r = await inAcme((tx) => evaluateTenant(tx, now));
    expect(r.evaluated).toBe(1); // only the export rule; the failed-login and budget rules wait for the schedule
    // The audit exports of the approval test are new entries too; each export over 4 KB fires once.
    const fired = await inAcme((tx) => tx.monitoringAlert.findMany({ where: { id: { in: r.fired } } }));
    const mine = fired.find((a) => a.dedupeKey === `entry:${entry.id}`)!;
    expect((mine.details as { value: number }).value).toBe(5000);
    expect(fired.every((a) => (a.details as { value: number }).value > 4096)).toBe(true);
    expect(fired.some((a) => a.dedupeKey === `entry:${small.id}`)).toBe(false);
    // Nothing new: nothing evaluated.
    expect((await inAcme((tx) => evaluateTenant(tx, now))).evaluated).toBe(0);
  });
});
