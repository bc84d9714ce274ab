// The automated checks: each one reads real rows inside the tenant transaction (RLS applies)
// and returns its status, the figure behind it and links to the evidence.
import "server-only";
import { apiKeyPolicy } from "@/lib/auth/api-keys/policy";
import { Prisma } from "@/lib/generated/prisma/client";
import { countAudit } from "@/lib/rollups/read";
import { tenantIdOf, type TenantTx } from "@/lib/tenancy/with-tenant";
import { compliancePolicy, type CheckId } from "./catalog";
import { PRIVACY_CHECK_FNS } from "./privacy-checks";

export type CheckStatus = "pass" | "fail" | "not_applicable";
export interface Evidence {
  label: string;
  href: string;
}
export interface CheckResult {
  status: CheckStatus;
  value: number | string | boolean | Record<string, number | string | boolean | null>;
  evidence: Evidence[];
}
export type Check = (tx: TenantTx, now: Date) => Promise<CheckResult>;

const DAY = 86_400_000;
const ok = (b: boolean): CheckStatus => (b ? "pass" : "fail");
async function count(tx: TenantTx, q: Prisma.Sql): Promise<number> {
  const rows = await tx.$queryRaw<{ n: bigint }[]>(q);
  return Number(rows[0]?.n ?? 0);
}

/** Admins hold the built-in admin role with no custom role replacing it. */
export const countAdmins = (tx: TenantTx) =>
  tx.user.count({ where: { active: true, role: "admin", customRoleId: null } });

/** Entries of one action with since <= ts <= until: whole hours from the rollup, the edges from the rows. */
export async function auditCount(tx: TenantTx, action: string, since: Date, until: Date): Promise<number> {
  return countAudit(tx, { from: since, to: until, toInclusive: true }, Prisma.sql`e.action = ${action}`);
}

export const CHECK_FNS: Record<CheckId, Check> = {
  ...PRIVACY_CHECK_FNS,
  async sso_enforced(tx) {
    const n = await tx.identityProvider.count({ where: { enabled: true } });
    return {
      status: ok(n > 0),
      value: n,
      evidence: [{ label: `${n} enabled identity provider(s)`, href: "/settings/identity" }],
    };
  },

  async mfa_required(tx) {
    const t = await tx.tenant.findUnique({ where: { id: await tenantIdOf(tx) }, select: { requireMfa: true } });
    const on = t?.requireMfa ?? false;
    return {
      status: ok(on),
      value: on,
      evidence: [{ label: `MFA policy: ${on ? "required" : "not required"}`, href: "/settings/identity" }],
    };
  },

  async api_key_ttl(tx, now) {
    const max = apiKeyPolicy().maxTtlDays;
    const n = await count(
      tx,
      Prisma.sql`SELECT count(*) AS n FROM api_keys WHERE revoked_at IS NULL AND expires_at > ${now}
      AND expires_at - created_at > make_interval(days => ${max}::int)`,
    );
    return {
      status: ok(n === 0),
      value: n,
      evidence: [{ label: `${n} active key(s) with a lifetime over ${max} days`, href: "/settings/api-keys" }],
    };
  },

  async no_stale_keys(tx, now) {
    const cutoff = new Date(now.getTime() - compliancePolicy().staleKeyDays * DAY);
    const n = await count(
      tx,
      Prisma.sql`SELECT count(*) AS n FROM api_keys WHERE revoked_at IS NULL AND expires_at > ${now}
      AND COALESCE(last_used_at, created_at) < ${cutoff}`,
    );
    return {
      status: ok(n === 0),
      value: n,
      evidence: [{ label: `${n} active key(s) unused for 90+ days`, href: "/settings/api-keys" }],
    };
  },

  async audit_chain_verified(tx, now) {
    const v = await tx.auditVerification.findFirst({ orderBy: { checkedAt: "desc" } });
    const maxAge = compliancePolicy().verificationMaxAgeHours;
    const recent = !!v && now.getTime() - v.checkedAt.getTime() <= maxAge * 3_600_000;
    const label = !v
      ? "No verification has run yet"
      : `Last verification ${v.verified ? "succeeded" : "FAILED"} at ${v.checkedAt.toISOString()}${recent ? "" : ` (older than ${maxAge} h)`}`;
    return {
      status: ok(!!v && v.verified && recent),
      value: {
        verified: v?.verified ?? null,
        checked_at: v?.checkedAt.toISOString() ?? null,
        checked: v?.checked ?? null,
      },
      evidence: [{ label, href: "/audit" }],
    };
  },

  async audit_retention(tx) {
    const s = await tx.auditSettings.findFirst();
    const min = compliancePolicy().minRetentionDays;
    const days = s?.retentionDays ?? null; // null = entries are never pruned
    const good = days === null || days >= min;
    return {
      status: ok(good),
      value: days === null ? "unlimited" : days,
      evidence: [
        { label: `Retention ${days === null ? "unlimited" : `${days} days`} (minimum ${min})`, href: "/audit" },
      ],
    };
  },

  async few_admins(tx) {
    const [admins, users] = await Promise.all([countAdmins(tx), tx.user.count({ where: { active: true } })]);
    const limit = Math.max(2, Math.floor(users * 0.1));
    return {
      status: ok(admins <= limit),
      value: { admins, users, limit },
      evidence: [{ label: `${admins} admin(s) of ${users} active users (limit ${limit})`, href: "/settings/roles" }],
    };
  },

  async deprovisioned_no_access(tx, now) {
    const keys = await count(
      tx,
      Prisma.sql`SELECT count(*) AS n FROM api_keys k JOIN users u ON u.id = k.created_by
      WHERE u.active = false AND k.revoked_at IS NULL AND k.expires_at > ${now}`,
    );
    const vks = await count(
      tx,
      Prisma.sql`SELECT count(*) AS n FROM virtual_keys v JOIN users u ON u.tenant_id = v.tenant_id AND u.id = v.user_id
      WHERE u.active = false AND v.revoked_at IS NULL AND (v.expires_at IS NULL OR v.expires_at > ${now})`,
    );
    return {
      status: ok(keys + vks === 0),
      value: { api_keys: keys, virtual_keys: vks },
      evidence: [
        { label: `${keys} API key(s) of deactivated users`, href: "/settings/api-keys" },
        { label: `${vks} virtual key(s) of deactivated users`, href: "/governance?tab=virtual_keys" },
      ],
    };
  },

  async encryption_key() {
    // Only whether the key is usable is reported; the key itself never leaves the environment.
    const raw = process.env.WARDEN_ENCRYPTION_KEY ?? "";
    const valid = /^[A-Za-z0-9+/]+={0,2}$/.test(raw) && Buffer.from(raw, "base64").length === 32;
    return {
      status: ok(valid),
      value: valid ? "configured" : raw ? "invalid" : "missing",
      evidence: [{ label: "WARDEN_ENCRYPTION_KEY (deployment setting)", href: "/settings/identity" }],
    };
  },

  async failed_login_rate(tx, now) {
    const since = new Date(now.getTime() - DAY);
    const failed = await auditCount(tx, "auth.login_failed", since, now);
    const succeeded = await auditCount(tx, "auth.login", since, now);
    const p = compliancePolicy();
    const total = failed + succeeded;
    const rate = total ? failed / total : 0;
    const status: CheckStatus =
      total === 0 ? "not_applicable" : ok(failed < p.failedLoginMinCount || rate <= p.failedLoginMaxRate);
    return {
      status,
      value: { failed, succeeded, rate: Math.round(rate * 1000) / 1000 },
      evidence: [
        { label: `${failed} failed sign-in(s) in 24 h`, href: "/audit?action=auth.login_failed&range=24h" },
        { label: `${succeeded} successful sign-in(s) in 24 h`, href: "/audit?action=auth.login&range=24h" },
      ],
    };
  },

  async privileged_changes_reviewed(tx, now) {
    const n = await auditCount(tx, "privilege_escalation", new Date(now.getTime() - 30 * DAY), now);
    return {
      status: ok(n === 0),
      value: n,
      evidence: [
        {
          label: `${n} privilege escalation(s) in 30 days, none reviewed (no review workflow yet)`,
          href: "/audit?action=privilege_escalation&range=30d",
        },
      ],
    };
  },
};
