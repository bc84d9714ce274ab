// What happens when an IdP vouches for someone: map the verified ID-token claims to a tenant
// user. Refuses a tenant claim that contradicts the provider's tenant, deactivated accounts and
// (when the tenant requires it) tokens without a second factor; otherwise provisions the user
// just in time, syncs the role and team memberships, and audits the outcome - all in one tenant
// transaction, so a refused or failed login leaves its audit entry and nothing else.
import "server-only";
import { appendAudit, type AuditEvent } from "@/lib/audit/append";
import type { Database } from "@/lib/db/runtime";
import { claimValues, mapRole, type RoleMapping } from "@/lib/identity/role-mapping";
import { isErased } from "@/lib/privacy/erasure";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import { syncIdpTeams } from "./team-sync";

export type SignInRefusal = "AccessDenied" | "account_disabled" | "mfa_required" | "tenant_mismatch" | "no_role";

// What the sign-in page is told (/signin?error=<code>); reasons that would help an attacker stay
// vague. The OIDC callback and the SAML browser flow answer refusals with these same codes.
export const PUBLIC_REASON: Record<SignInRefusal, string> = {
  AccessDenied: "AccessDenied",
  tenant_mismatch: "AccessDenied",
  no_role: "AccessDenied",
  account_disabled: "account_disabled",
  mfa_required: "mfa_required",
};

export interface SsoProviderRef {
  id: string;
  tenantId: string;
  tenantSlug: string;
  /** Environment-configured provider: no row, default claims and mapping. */
  bootstrap?: boolean;
  /** Bootstrap only: the environment's role mapping (SAML's WARDEN_SAML_PROVIDERS_JSON has one). */
  roleMapping?: RoleMapping | null;
}

const BOOTSTRAP_SETTINGS = { enabled: true, roleClaim: "roles", groupClaim: "groups", roleMapping: {}, syncGroups: true };

export interface SsoSignInInput {
  provider: SsoProviderRef;
  claims: Record<string, unknown>;
  ip?: string;
  requestId?: string;
}

export type SsoSignInResult =
  | { ok: true; userId: string; tenantId: string; role: string; created: boolean; mfa: boolean }
  | { ok: false; reason: SignInRefusal };

// RFC 8176 values that mean a factor beyond the password (Entra sends "mfa"; Okta "mfa", "otp", "hwk"...).
const SECOND_FACTORS = new Set(["mfa", "otp", "sms", "tel", "hwk", "swk", "sc", "fpt", "face", "iris", "retina", "vbm"]);

export function hasSecondFactor(amr: unknown): boolean {
  return claimValues(amr).some((v) => SECOND_FACTORS.has(v.toLowerCase()));
}

export async function completeSsoSignIn(input: SsoSignInInput, opts: { db?: Database } = {}): Promise<SsoSignInResult> {
  const { provider, claims } = input;
  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  const sub = typeof claims.sub === "string" ? claims.sub : "";
  const mfa = hasSecondFactor(claims.amr);

  return withTenant(
    provider.tenantId,
    async (tx) => {
      const audit = (e: Omit<AuditEvent, "ip" | "requestId">) => appendAudit(tx, { ...e, ip: input.ip, requestId: input.requestId });
      const refuse = async (reason: SignInRefusal, userId?: string, action = "auth.login_failed") => {
        await audit({ action, outcome: "denied", actor: { kind: "user", subject: userId ?? `idp:${provider.id}:${sub}`, userId, authMethod: "session" }, target: { type: "identity_provider", id: provider.id }, details: { reason, mfa } });
        return { ok: false as const, reason };
      };

      if (!email || !sub) return refuse("AccessDenied");
      // A token minted for another tenant must never open this one.
      if (claims.tenant !== undefined && claims.tenant !== provider.tenantSlug) return refuse("tenant_mismatch");

      const settings = provider.bootstrap ? { ...BOOTSTRAP_SETTINGS, roleMapping: provider.roleMapping ?? {} } : await tx.identityProvider.findUnique({ where: { id: provider.id } });
      const tenant = await tx.tenant.findUnique({ where: { id: provider.tenantId }, select: { requireMfa: true } });
      if (!settings?.enabled || !tenant) return refuse("AccessDenied");

      const existing = await tx.user.findUnique({ where: { tenantId_email: { tenantId: provider.tenantId, email } } });
      if (existing && !existing.active) return refuse("account_disabled", existing.id);
      // An erased person (lib/privacy/erasure.ts) is not provisioned again by JIT.
      if (!existing && (await isErased(tx, provider.tenantId, email))) return refuse("account_disabled");
      if (tenant.requireMfa && !mfa) return refuse("mfa_required", existing?.id, "auth.mfa_required");

      const mapping = settings.roleMapping as RoleMapping;
      const groups = claimValues(claims[settings.groupClaim]);
      const role = mapRole([...claimValues(claims[settings.roleClaim]), ...groups], mapping);
      if (!role) return refuse("no_role", existing?.id);

      const name = typeof claims.name === "string" && claims.name.trim() ? claims.name.trim() : (existing?.name ?? email);
      const user = await upsertUser(tx, provider.tenantId, existing?.id, { email, name, role, externalId: sub });
      const teams = settings.syncGroups ? await syncIdpTeams(tx, provider.tenantId, user.id, groups, mapping) : { added: [], removed: [], created: [] };
      await audit({
        action: "auth.login",
        outcome: "success",
        actor: { kind: "user", subject: user.id, userId: user.id, authMethod: "session" },
        target: { type: "identity_provider", id: provider.id },
        details: { jit: !existing, role, previous_role: existing?.role ?? null, mfa, teams_added: teams.added, teams_removed: teams.removed, teams_created: teams.created },
      });
      return { ok: true as const, userId: user.id, tenantId: provider.tenantId, role, created: !existing, mfa };
    },
    { db: opts.db },
  );
}

async function upsertUser(tx: TenantTx, tenantId: string, id: string | undefined, v: { email: string; name: string; role: string; externalId: string }) {
  const data = { name: v.name, role: v.role, externalId: v.externalId, lastLoginAt: new Date() };
  if (id) return tx.user.update({ where: { id }, data });
  return tx.user.create({ data: { ...data, tenantId, email: v.email } });
}
