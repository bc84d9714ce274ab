// Demo monitoring: the three rules of monitoring-rules.ts and channels, then alerts produced by the real
// evaluator from real rows -- two bursts of failed sign-ins written to the audit trail (one three
// days ago, acknowledged and resolved by an admin; one two hours ago, still open) and any budget
// already over 80% -- and an export waiting for a second admin. Channels point at nothing that is
// contacted: e-mail waits for SMTP_URL, Slack has no webhook URL, the webhook has no signing
// secret, so the deliveries wait and show why. Runs after the audit history; idempotent (a tenant
// that already has rules is left alone).
import { appendAudit } from "@/lib/audit/append";
import type { Database } from "@/lib/db/runtime";
import { raiseAlert, transitionAlert } from "@/lib/monitoring/alerts";
import { paramsHashOf } from "@/lib/monitoring/approvals";
import { compare, parseCondition } from "@/lib/monitoring/condition";
import { measure } from "@/lib/monitoring/metrics";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import { SEED_RULES } from "./monitoring-rules";

const MIN = 60_000;
const H = 60 * MIN;

async function burst(tx: TenantTx, domain: string, at: Date, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await appendAudit(tx, {
      action: "auth.login_failed",
      outcome: "failure",
      actor: { kind: "user", subject: `admin${i % 3}@${domain}` },
      ip: `203.0.113.${10 + (i % 4)}`,
      details: { reason: "invalid_grant" },
      at: new Date(at.getTime() + i * 2 * MIN),
    });
  }
}

export async function seedMonitoring(
  db: Database,
  tenantId: string,
  domain: string,
  now: Date = new Date(),
): Promise<void> {
  await withTenant(
    tenantId,
    async (tx) => {
      if (await tx.monitoringRule.count()) return;
      const rules = new Map<
        string,
        { id: string; name: string; action: string; severity: string; condition: string }
      >();
      for (const r of SEED_RULES)
        rules.set(r.name, await tx.monitoringRule.create({ data: { tenantId, ...r, createdBy: "seed" } }));
      await tx.monitoringSettings.upsert({
        where: { tenantId },
        update: {},
        create: {
          tenantId,
          emailTo: [`security@${domain}`, `compliance@${domain}`],
          slackChannel: "#security-alerts",
          webhookUrl: `https://hooks.${domain}/security-webhook`,
        },
      });
      const admins = await tx.user.findMany({
        where: { role: "admin", active: true, customRoleId: null },
        orderBy: { email: "asc" },
      });
      const admin = admins[0];

      // Failed-sign-in bursts, judged by the rule at the time they happened.
      const failed = rules.get("Failed Login Monitoring")!;
      const cond = parseCondition(failed.condition);
      const fire = async (at: Date) => {
        for (const f of await measure(tx, cond, at))
          if (compare(f.value, cond.op, cond.threshold)) return raiseAlert(tx, failed, f, at);
        return null;
      };
      const t1 = new Date(now.getTime() - 74 * H);
      await burst(tx, domain, t1, 14);
      const old = await fire(new Date(t1.getTime() + 30 * MIN));
      const t2 = new Date(now.getTime() - 2 * H);
      await burst(tx, domain, t2, 12);
      await fire(new Date(t2.getTime() + 25 * MIN));
      if (old && admin) {
        const who = { kind: "user", subject: admin.id, userId: admin.id, email: admin.email, displayName: admin.name };
        await transitionAlert(
          tx,
          who,
          old,
          { status: "acknowledged", note: "Password spray from one address range; blocked at the edge" },
          undefined,
          new Date(t1.getTime() + 45 * MIN),
        );
        await transitionAlert(
          tx,
          who,
          old,
          { status: "resolved", note: "No further attempts" },
          undefined,
          new Date(t1.getTime() + 4 * H),
        );
      }

      // Budgets over the threshold now (real spend); the highest one, acknowledged.
      const budget = rules.get("Budget Threshold Alert")!;
      const bc = parseCondition(budget.condition);
      const over = (await measure(tx, bc, now))
        .filter((f) => compare(f.value, bc.op, bc.threshold))
        .sort((a, b) => b.value - a.value)[0];
      const bid = over ? await raiseAlert(tx, budget, over, now) : null;
      if (bid && admin)
        await transitionAlert(
          tx,
          { kind: "user", subject: admin.id, userId: admin.id, email: admin.email },
          bid,
          { status: "acknowledged", note: "Limit review on Monday" },
          undefined,
          now,
        );

      // An export request by the last admin, for another admin to decide.
      const requester = admins[admins.length - 1];
      if (requester) {
        const params = { format: "jsonl", filters: {} };
        await tx.approvalRequest.create({
          data: {
            tenantId,
            ruleId: rules.get("Data Export Monitoring")!.id,
            action: "audit.export",
            paramsHash: paramsHashOf("audit.export", params),
            params,
            measures: { data_export_size: 1.4 * 1024 ** 3 },
            reason: "Data Export Monitoring: data_export_size 1.4 GB matches 'data_export_size > 1GB'",
            requestedBy: requester.id,
            createdAt: new Date(now.getTime() - H),
          },
        });
      }
      // The monitor starts after what the seed wrote.
      const head = await tx.auditEntry.aggregate({ _max: { seq: true } });
      await tx.monitoringSettings.update({ where: { tenantId }, data: { cursorSeq: head._max.seq ?? 0 } });
    },
    { db, timeout: 60_000 },
  );
}
