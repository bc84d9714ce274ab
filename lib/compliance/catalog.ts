// The control catalog as data: every automated check, its weight, and the framework controls it
// is evidence for. Pure data (no database): the dashboard, the API and the tests read it.
// Wording matters: a framework is "n of m controls passing" from these checks, never "certified".
import { PRIVACY_CHECK_IDS, PRIVACY_CHECKS } from "./privacy-checks";

export const CHECK_IDS = [
  "sso_enforced",
  "mfa_required",
  "api_key_ttl",
  "no_stale_keys",
  "audit_chain_verified",
  "audit_retention",
  "few_admins",
  "deprovisioned_no_access",
  "encryption_key",
  "failed_login_rate",
  "privileged_changes_reviewed",
  ...PRIVACY_CHECK_IDS,
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** 3 = high, 2 = medium, 1 = low: the score's weight and a failing check's risk level. */
export type Weight = 1 | 2 | 3;

export const CHECKS: Record<CheckId, { title: string; weight: Weight; description: string }> = {
  ...PRIVACY_CHECKS,
  sso_enforced: {
    title: "Single sign-on configured",
    weight: 3,
    description: "At least one enabled identity provider (OIDC or SAML).",
  },
  mfa_required: {
    title: "MFA required",
    weight: 3,
    description: "The tenant policy requires multi-factor authentication at sign-in.",
  },
  api_key_ttl: {
    title: "API key lifetimes within policy",
    weight: 2,
    description: "Every unrevoked API key expires no later than the maximum TTL after its creation.",
  },
  no_stale_keys: {
    title: "No stale API keys",
    weight: 1,
    description: "No active API key has gone unused for more than 90 days.",
  },
  audit_chain_verified: {
    title: "Audit chain verifies",
    weight: 3,
    description: "The latest verification of the hash chain succeeded and is recent.",
  },
  audit_retention: {
    title: "Audit retention",
    weight: 2,
    description: "Audit entries are kept at least the minimum number of days.",
  },
  few_admins: {
    title: "Few administrators",
    weight: 2,
    description: "Admins are at most max(2, 10% of active users).",
  },
  deprovisioned_no_access: {
    title: "Deprovisioned users have no access",
    weight: 3,
    description: "No deactivated user still holds an unrevoked, unexpired API key or virtual key.",
  },
  encryption_key: {
    title: "Encryption key configured",
    weight: 3,
    description: "WARDEN_ENCRYPTION_KEY is set to 32 bytes (base64) for secrets at rest.",
  },
  failed_login_rate: {
    title: "Failed sign-in rate (24 h)",
    weight: 1,
    description: "Failed sign-ins stay at or below 20% of attempts (checked once there are at least 5 failures).",
  },
  privileged_changes_reviewed: {
    title: "Privileged changes reviewed (30 d)",
    weight: 2,
    description:
      "Warden has no review workflow yet, so every privilege escalation in 30 days counts as unreviewed: the check passes only when there were none.",
  },
};

export const FRAMEWORKS = ["soc2_type2", "gdpr", "iso27001", "hipaa"] as const;
export type Framework = (typeof FRAMEWORKS)[number];

export interface ControlDef {
  id: string;
  title: string;
  checks: CheckId[];
}

export const FRAMEWORK_CONTROLS: Record<Framework, { name: string; controls: ControlDef[] }> = {
  soc2_type2: {
    name: "SOC 2 Type II",
    controls: [
      { id: "CC6.1", title: "Logical access security", checks: ["sso_enforced", "mfa_required", "encryption_key"] },
      { id: "CC6.2", title: "User registration and removal", checks: ["deprovisioned_no_access", "few_admins"] },
      {
        id: "CC6.3",
        title: "Role-based access and least privilege",
        checks: ["few_admins", "api_key_ttl", "no_stale_keys", "privileged_changes_reviewed"],
      },
      {
        id: "CC7.2",
        title: "Monitoring for anomalies",
        checks: ["audit_chain_verified", "failed_login_rate", "privileged_changes_reviewed"],
      },
    ],
  },
  gdpr: {
    name: "GDPR",
    controls: [
      {
        id: "Art. 5",
        title: "Principles: minimisation, storage limitation, accountability",
        checks: ["audit_retention", "audit_chain_verified", "retention_configured", "gateway_pii_policy"],
      },
      {
        id: "Art. 17",
        title: "Right to erasure (and access, Art. 15) within the deadline",
        checks: ["dsr_deadlines_met"],
      },
      {
        id: "Art. 30",
        title: "Records of processing activities",
        checks: ["audit_chain_verified", "audit_retention", "retention_configured"],
      },
      {
        id: "Art. 32",
        title: "Security of processing",
        checks: ["encryption_key", "mfa_required", "sso_enforced", "deprovisioned_no_access"],
      },
    ],
  },
  iso27001: {
    name: "ISO 27001",
    controls: [
      { id: "A.5.15", title: "Access control", checks: ["few_admins", "deprovisioned_no_access"] },
      { id: "A.5.17", title: "Authentication information", checks: ["mfa_required", "api_key_ttl", "no_stale_keys"] },
      { id: "A.8.5", title: "Secure authentication", checks: ["sso_enforced", "mfa_required", "failed_login_rate"] },
      { id: "A.8.15", title: "Logging", checks: ["audit_chain_verified", "audit_retention"] },
    ],
  },
  hipaa: {
    name: "HIPAA",
    controls: [
      {
        id: "§164.308(a)(5)",
        title: "Log-in monitoring and password management",
        checks: ["failed_login_rate", "api_key_ttl", "no_stale_keys"],
      },
      { id: "§164.312(b)", title: "Audit controls", checks: ["audit_chain_verified", "audit_retention"] },
      { id: "§164.312(d)", title: "Person or entity authentication", checks: ["mfa_required", "sso_enforced"] },
      {
        id: "§164.312(e)",
        title: "Transmission security: PHI only to covered providers",
        checks: ["hipaa_phi_routing"],
      },
    ],
  },
};

/** Thresholds; the environment can tighten them per deployment. */
export function compliancePolicy(env: NodeJS.ProcessEnv = process.env) {
  const n = (raw: string | undefined, fallback: number) => (raw && Number(raw) > 0 ? Number(raw) : fallback);
  return {
    minRetentionDays: n(env.WARDEN_COMPLIANCE_MIN_RETENTION_DAYS, 365),
    staleKeyDays: 90,
    verificationMaxAgeHours: n(env.WARDEN_COMPLIANCE_VERIFY_MAX_AGE_HOURS, 48),
    failedLoginMaxRate: 0.2,
    failedLoginMinCount: 5,
  };
}
