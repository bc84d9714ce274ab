// Demo monitoring: the seed's three rules and channels, a few alerts in each state with their
// deliveries (e-mail waits for SMTP_URL; the webhook has no signing secret, so nothing is
// contacted until someone configures it), and an export waiting for a second admin.
// Idempotent: a tenant that already has rules is left alone.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TenantTx } from "@/lib/tenancy/with-tenant";

export const SEED_RULES = [
  { name: "Failed Login Monitoring", type: "security_event", condition: "failed_logins > 10 in 1h", action: "alert_security_team", severity: "high" },
  { name: "Data Export Monitoring", type: "data_access", condition: "data_export_size > 1GB", action: "require_approval", severity: "medium" },
  { name: "Budget Threshold Alert", type: "budget_usage", condition: "usage > 80% of budget", action: "notify_manager", severity: "low" },
] as const;

const H = 3_600_000;

export async function seedMonitoring(tx: TenantTx, tenantId: string, domain: string, now: Date = new Date()): Promise<void> {
  if (await tx.monitoringRule.count()) return;
  const rules = new Map<string, string>();
  for (const r of SEED_RULES) rules.set(r.name, (await tx.monitoringRule.create({ data: { tenantId, ...r, createdBy: "seed" } })).id);
  await tx.monitoringSettings.upsert({
    where: { tenantId },
    update: {},
    create: { tenantId, emailTo: [`security@${domain}`, `compliance@${domain}`], slackChannel: "#security-alerts", webhookUrl: `https://hooks.${domain}/security-webhook` },
  });
  const admins = await tx.user.findMany({ where: { role: "admin", active: true }, orderBy: { email: "asc" }, select: { id: true, email: true } });
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * H);
  const hist = (...h: [number, string, string, string?][]) => h.map(([ago, status, by, note]) => ({ at: at(ago).toISOString(), status, by, ...(note ? { note } : {}) }));
  const by = admins[0]?.email ?? "admin";
  const alerts: Prisma.MonitoringAlertCreateManyInput[] = [
    {
      tenantId, ruleId: rules.get("Failed Login Monitoring")!, dedupeKey: `seed:${at(74).toISOString()}`, severity: "high", title: "Failed Login Monitoring",
      summary: "14 failed sign-in(s) in 1h — condition: failed_logins > 10 in 1h", status: "resolved", firedAt: at(74),
      details: { condition: "failed_logins > 10 in 1h", value: 14, evidence: [{ label: "Failed sign-ins", href: "/audit?action=auth.login_failed" }] },
      history: hist([74, "open", "system", "Rule fired"], [73, "acknowledged", by, "Password spray from one IP range; blocked at the edge"], [70, "resolved", by, "No further attempts"]),
    },
    {
      tenantId, ruleId: rules.get("Budget Threshold Alert")!, dedupeKey: `seed:${at(20).toISOString()}`, severity: "low", title: "Budget Threshold Alert",
      summary: "team budget at 86% of its monthly limit — condition: usage > 80% of budget", status: "acknowledged", firedAt: at(20),
      details: { condition: "usage > 80% of budget", value: 86, evidence: [{ label: "Budgets", href: "/governance" }] },
      history: hist([20, "open", "system", "Rule fired"], [18, "acknowledged", by, "Raising the limit is on next week's review"]),
    },
    {
      tenantId, ruleId: rules.get("Failed Login Monitoring")!, dedupeKey: `seed:${at(2).toISOString()}`, severity: "high", title: "Failed Login Monitoring",
      summary: "12 failed sign-in(s) in 1h — condition: failed_logins > 10 in 1h", status: "open", firedAt: at(2),
      details: { condition: "failed_logins > 10 in 1h", value: 12, evidence: [{ label: "Failed sign-ins", href: "/audit?action=auth.login_failed" }] },
      history: hist([2, "open", "system", "Rule fired"]),
    },
  ];
  await tx.monitoringAlert.createMany({ data: alerts });
  const rows = await tx.monitoringAlert.findMany({ orderBy: { firedAt: "asc" } });
  const payload = (a: (typeof rows)[number]) => ({ event: "alert.fired", alert: { id: a.id, rule_id: a.ruleId, title: a.title, severity: a.severity, summary: a.summary, fired_at: a.firedAt.toISOString() }, tenant: tenantId });
  const emails = `security@${domain}, compliance@${domain}`;
  await tx.notificationOutbox.createMany({
    data: [
      { tenantId, alertId: rows[0].id, channel: "email", target: emails, payload: payload(rows[0]), status: "delivered", attempts: 1, deliveredAt: at(74), createdAt: at(74), nextAttemptAt: at(74) },
      { tenantId, alertId: rows[2].id, channel: "email", target: emails, payload: payload(rows[2]), status: "pending", attempts: 3, createdAt: at(2), nextAttemptAt: at(-0.5),
        lastError: "SMTP is not configured: set SMTP_URL or an SMTP URL under Monitoring → Channels" },
      { tenantId, alertId: rows[2].id, channel: "webhook", target: `https://hooks.${domain}/security-webhook`, payload: payload(rows[2]), status: "pending", attempts: 3, createdAt: at(2), nextAttemptAt: at(-0.5),
        lastError: "No webhook signing secret is configured; unsigned webhooks are not sent" },
    ],
  });
  // An export over the 1GB rule, requested by the last admin: another admin can decide it.
  const requester = admins[admins.length - 1];
  if (requester) {
    await tx.approvalRequest.create({
      data: {
        tenantId, ruleId: rules.get("Data Export Monitoring")!, action: "audit.export", paramsHash: "seed", params: { format: "jsonl", filters: {} },
        measures: { data_export_size: 1.4 * 1024 ** 3 }, reason: "Data Export Monitoring: data_export_size 1.4 GB matches 'data_export_size > 1GB'",
        requestedBy: requester.id, createdAt: at(1),
      },
    });
  }
}
