// Privacy controls read from lib/privacy's records: data subject request deadlines (GDPR Art. 12,
// 17), retention per data class (Art. 5(1)(e)), a gateway policy that minimises personal data in
// prompts (Art. 5(1)(c), 25) and, for HIPAA, routing of possible PHI to covered providers only
// (§164.312(e)). Metadata is pure data (the catalog reads it); the checks take the tenant
// transaction like every other check.
import { tenantIdOf, type TenantTx } from "@/lib/tenancy/with-tenant";
import { Prisma } from "@/lib/generated/prisma/client";
import { countAudit } from "@/lib/rollups/read";
import type { Check, CheckResult } from "./checks";

export const PRIVACY_CHECK_IDS = [
  "dsr_deadlines_met",
  "retention_configured",
  "gateway_pii_policy",
  "hipaa_phi_routing",
] as const;
export type PrivacyCheckId = (typeof PRIVACY_CHECK_IDS)[number];

export const PRIVACY_CHECKS: Record<PrivacyCheckId, { title: string; weight: 1 | 2 | 3; description: string }> = {
  dsr_deadlines_met: {
    title: "Data subject requests within deadline",
    weight: 3,
    description:
      "No open access or erasure request is past its legal deadline, and none was completed late in the last 90 days.",
  },
  retention_configured: {
    title: "Retention per data class",
    weight: 2,
    description:
      "Usage records and stored request bodies have a retention period, so personal data is not kept indefinitely.",
  },
  gateway_pii_policy: {
    title: "Personal data minimised at the gateway",
    weight: 2,
    description: "An enabled tenant-wide compliance policy blocks or redacts at least one personal-data detector.",
  },
  hipaa_phi_routing: {
    title: "PHI routed to covered providers only",
    weight: 3,
    description:
      "A HIPAA-mode policy is enabled and at least one provider is marked as covered by a business associate agreement.",
  },
};

const DAY = 86_400_000;
const ok = (b: boolean) => (b ? "pass" : "fail") as CheckResult["status"];

export const PRIVACY_CHECK_FNS: Record<PrivacyCheckId, Check> = {
  async dsr_deadlines_met(tx: TenantTx, now: Date) {
    const [overdue, late] = await Promise.all([
      tx.privacyRequest.count({ where: { status: { in: ["requested", "approved"] }, dueAt: { lt: now } } }),
      tx.privacyRequest.count({
        where: {
          status: "completed",
          completedAt: { gte: new Date(now.getTime() - 90 * DAY) },
          dueAt: { lt: tx.privacyRequest.fields.completedAt },
        },
      }),
    ]);
    return {
      status: ok(overdue + late === 0),
      value: { overdue_open: overdue, completed_late_90d: late },
      evidence: [{ label: `${overdue} open request(s) past deadline, ${late} completed late`, href: "/privacy" }],
    };
  },

  async retention_configured(tx: TenantTx) {
    const rows = await tx.retentionSetting.findMany();
    const has = (c: string) => rows.some((r) => r.dataClass === c);
    const missing = ["usage_records", "request_bodies"].filter((c) => !has(c));
    return {
      status: ok(missing.length === 0),
      value: missing.length ? `missing: ${missing.join(", ")}` : "configured",
      evidence: [{ label: `Retention set for ${2 - missing.length} of 2 data classes`, href: "/privacy#retention" }],
    };
  },

  async gateway_pii_policy(tx: TenantTx, now: Date) {
    const scopeId = await tenantIdOf(tx);
    const p = await tx.compliancePolicy.findFirst({ where: { scopeType: "tenant", scopeId, enabled: true } });
    const acting = p
      ? Object.values(p.detectors as Record<string, string>).filter((a) => a === "block" || a === "redact").length
      : 0;
    // The decisions themselves, counted from the audit trail (30 days).
    const since = new Date(now.getTime() - 30 * DAY);
    const range = { from: since, to: now, toInclusive: true };
    const blocked = await countAudit(tx, range, Prisma.sql`e.action = 'gateway.compliance_violation'`);
    const redacted = await countAudit(tx, range, Prisma.sql`e.action = 'privacy.policy.redact'`);
    return {
      status: ok(acting > 0),
      value: { acting_detectors: acting, blocked_30d: blocked, redacted_30d: redacted },
      evidence: [
        { label: p ? `${acting} detector(s) block or redact` : "no tenant-wide policy", href: "/privacy#policies" },
        {
          label: `${blocked} request(s) blocked, ${redacted} redacted in 30 days`,
          href: "/audit?action=gateway.compliance_violation&range=30d",
        },
      ],
    };
  },

  async hipaa_phi_routing(tx: TenantTx) {
    const [policies, covered] = await Promise.all([
      tx.compliancePolicy.count({ where: { enabled: true, hipaaMode: true } }),
      tx.provider.count({ where: { hipaaCovered: true } }),
    ]);
    return {
      status: ok(policies > 0 && covered > 0),
      value: { hipaa_policies: policies, covered_providers: covered },
      evidence: [
        { label: `${policies} HIPAA-mode polic(ies)`, href: "/privacy#policies" },
        { label: `${covered} provider(s) marked as covered`, href: "/governance?tab=providers" },
      ],
    };
  },
};
