// The compliance dashboard: runs the catalog's checks in the tenant transaction and assembles
// the answer of GET /api/enterprise/dashboard/compliance (security_posture, compliance_status and risk_assessment first, details after).
import "server-only";
import { appendAudit, type AuditActorRef } from "@/lib/audit/append";
import { RefreshingCache } from "@/lib/cache/refreshing";
import { type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";
import { activityItem, recentActivity, trends } from "./activity";
import { CHECK_IDS, FRAMEWORKS, type Framework } from "./catalog";
import { auditCount, CHECK_FNS } from "./checks";
import { alertRiskItems, byLevel, checkView, frameworks, mitigationProgress, riskItems, score } from "./posture";

const DAY = 86_400_000;

export async function frameworkApplicability(tx: TenantTx): Promise<Record<Framework, boolean>> {
  const rows = await tx.complianceFrameworkSetting.findMany();
  const off = new Set(rows.filter((r) => !r.applicable).map((r) => r.framework));
  return Object.fromEntries(FRAMEWORKS.map((f) => [f, !off.has(f)])) as Record<Framework, boolean>;
}

/** Marks a framework (not) applicable for the tenant; audited with before and after. */
export async function setFrameworkApplicability(
  tx: TenantTx,
  actor: AuditActorRef,
  framework: Framework,
  applicable: boolean,
  requestId?: string,
) {
  const tenantId = await tenantIdOf(tx);
  const before = await frameworkApplicability(tx);
  await tx.complianceFrameworkSetting.upsert({
    where: { tenantId_framework: { tenantId, framework } },
    update: { applicable },
    create: { tenantId, framework, applicable },
  });
  await appendAudit(tx, {
    action: "compliance.framework_update",
    outcome: "success",
    actor,
    requestId,
    target: { type: "compliance_framework", id: framework },
    details: { before: { applicable: before[framework] }, after: { applicable } },
  });
  return frameworkApplicability(tx);
}

export async function complianceDashboard(tx: TenantTx, now: Date = new Date()) {
  // Sequential on purpose: one transaction runs one query at a time.
  const checks = [];
  for (const id of CHECK_IDS) checks.push(checkView(id, await CHECK_FNS[id](tx, now)));
  const applicable = await frameworkApplicability(tx);
  const fws = frameworks(checks, applicable);
  const admins = await tx.user.findMany({
    where: { active: true, role: "admin", customRoleId: null },
    select: { email: true },
    orderBy: { email: "asc" },
  });
  const owner = `Tenant admins (${admins.map((a) => a.email).join(", ") || "none"})`;
  // Active monitoring alerts (open or acknowledged) count as risk items next to failing checks.
  const active = await tx.monitoringAlert.findMany({
    where: { status: { in: ["open", "acknowledged"] } },
    orderBy: { firedAt: "desc" },
  });
  const acknowledgedBy = (h: unknown) =>
    [...((h ?? []) as { status: string; by: string }[])].reverse().find((x) => x.status === "acknowledged")?.by ?? null;
  const alertItems = alertRiskItems(
    active.map((a) => ({
      id: a.id,
      title: a.title,
      severity: a.severity,
      status: a.status,
      summary: a.summary,
      acknowledgedBy: acknowledgedBy(a.history),
    })),
    owner,
  );
  const risks = byLevel([...riskItems(checks, applicable, owner), ...alertItems]);
  const failed24h = await auditCount(tx, "auth.login_failed", new Date(now.getTime() - DAY), now);
  const escalations30d = await auditCount(tx, "privilege_escalation", new Date(now.getTime() - 30 * DAY), now);
  const recent = (await recentActivity(tx, 10)).map(activityItem);
  const status = (f: Framework) => fws.find((x) => x.id === f)!.status;
  return {
    security_posture: {
      overall_score: score(checks),
      active_alerts: active.length,
      active_alerts_by_severity: {
        high: active.filter((a) => a.severity === "high").length,
        medium: active.filter((a) => a.severity === "medium").length,
        low: active.filter((a) => a.severity === "low").length,
      },
      failed_logins_24h: failed24h,
      privilege_escalations: escalations30d,
      privilege_escalations_window: "30d",
    },
    compliance_status: {
      soc2_type2_compliance: status("soc2_type2"),
      gdpr_compliance: status("gdpr"),
      iso27001_compliance: status("iso27001"),
      hipaa_compliance: status("hipaa"),
    },
    risk_assessment: {
      high_risk_items: risks.filter((r) => r.level === "high").length,
      medium_risk_items: risks.filter((r) => r.level === "medium").length,
      low_risk_items: risks.filter((r) => r.level === "low").length,
      mitigation_progress: `${mitigationProgress(checks, applicable)}%`,
      mitigation_progress_basis:
        "Share of automated checks passing across the applicable frameworks; alert items show their own progress (acknowledged = 50%).",
      items: risks,
    },
    recent_activities: recent,
    frameworks: fws,
    checks,
    trends_30d: await trends(tx, now),
    generated_at: now.toISOString(),
  };
}

export type ComplianceDashboard = Awaited<ReturnType<typeof complianceDashboard>>;

/** How old a served dashboard may be when nothing it is built from has visibly changed. */
export const DASHBOARD_MAX_AGE_MS = 30_000;
const served = new RefreshingCache<ComplianceDashboard>(DASHBOARD_MAX_AGE_MS, DASHBOARD_MAX_AGE_MS, 1_000);

/**
 * The dashboard as the console page and GET /v1/compliance/dashboard serve it (ADR 0025): built by
 * complianceDashboard(), then served again to anyone in the tenant for up to DASHBOARD_MAX_AGE_MS
 * while the tenant's audit chain head and its latest usage record stay the same. Every change an
 * admin, SCIM, the monitor or an alert makes is audited, so it moves the head and the next view
 * is built afresh; time-driven figures (key ages, deadlines) and unaudited ones are at most that
 * old. `generated_at` says when the figures were computed.
 */
export async function servedDashboard(tx: TenantTx): Promise<ComplianceDashboard> {
  const tenantId = await tenantIdOf(tx);
  const [v] = await tx.$queryRaw<{ seq: bigint | null; usage: string | null }[]>`
    SELECT (SELECT h.seq FROM audit_heads h) AS seq,
           (SELECT u.ts::text || ' ' || u.id FROM usage_records u ORDER BY u.ts DESC LIMIT 1) AS usage`;
  return served.get(`${tenantId}|${v?.seq ?? 0}|${v?.usage ?? ""}`, () => complianceDashboard(tx));
}
