// What happens when an IdP vouches for someone: map the verified ID-token claims to a tenant
// user. The person is found by the link (provider, subject) in user_identities; without a link,
// a first sign-in may match an existing user by e-mail (or provision one just in time) only when
// the IdP says the e-mail is verified and its domain is one the provider serves - and never when
// that user is already linked to another subject of this provider. Refuses a tenant claim that
// contradicts the provider's tenant, deactivated accounts and (when the tenant requires it)
// tokens without a second factor; otherwise syncs the role and team memberships and audits the
// outcome - all in one tenant transaction, so a refused or failed login leaves its audit entry
// and nothing else.
import "server-only";
import { appendAudit, type AuditEvent } from "@/lib/audit/append";
import type { Database } from "@/lib/db/runtime";
import { claimValues, mapRole, type RoleMapping } from "@/lib/identity/role-mapping";
import { isErased } from "@/lib/audit/erased-subjects";
import { consoleAllows } from "@/lib/network/rules";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import { syncIdpTeams, type TeamSyncResult } from "./team-sync";

export type SignInRefusal =
  | "AccessDenied"
  | "account_disabled"
  | "mfa_required"
  | "tenant_mismatch"
  | "no_role"
  | "email_unverified"
  | "email_domain"
  | "identity_conflict"
  | "tenant_suspended"
  | "ip_not_allowed";

// What the sign-in page is told (/signin?error=<code>); reasons that would help an attacker stay
// vague. The OIDC callback and the SAML browser flow answer refusals with these same codes.
export const PUBLIC_REASON: Record<SignInRefusal, string> = {
  AccessDenied: "AccessDenied",
  tenant_mismatch: "AccessDenied",
  no_role: "AccessDenied",
  account_disabled: "account_disabled",
  mfa_required: "mfa_required",
  // Linking refusals are explained: the person can do something about them (or their admin can).
  email_unverified: "email_unverified",
  email_domain: "email_domain",
  identity_conflict: "identity_conflict",
  // Said plainly: nobody of a suspended organization can sign in, whoever they are.
  tenant_suspended: "tenant_suspended",
  // The tenant's console network rules (ADR 0036) exclude the address the browser signs in from.
  ip_not_allowed: "ip_not_allowed",
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

export const BOOTSTRAP_SETTINGS = {
  enabled: true,
  roleClaim: "roles",
  groupClaim: "groups",
  roleMapping: {},
  syncGroups: true,
  emailDomains: [] as string[],
};

/** OIDC's email_verified (some IdPs send the string "true"). The SAML flow sets it itself. */
const emailVerified = (v: unknown) => v === true || v === "true";

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
const SECOND_FACTORS = new Set([
  "mfa",
  "otp",
  "sms",
  "tel",
  "hwk",
  "swk",
  "sc",
  "fpt",
  "face",
  "iris",
  "retina",
  "vbm",
]);

export function hasSecondFactor(amr: unknown): boolean {
  return claimValues(amr).some((v) => SECOND_FACTORS.has(v.toLowerCase()));
}

/** What of a provider's settings the claim mapping reads (a row of identity_providers, or the bootstrap's). */
export interface IdpClaimSettings {
  roleClaim: string;
  groupClaim: string;
  roleMapping: unknown;
  syncGroups: boolean;
}

export interface ApplyIdpClaimsInput {
  tenantId: string;
  settings: IdpClaimSettings;
  /** Verified ID-token claims (a sign-in's, or a session refresh's). */
  claims: Record<string, unknown>;
  /** The person as Warden knows them; null at a first sign-in, which provisions them from `create`. */
  user: { id: string; role: string; name: string } | null;
  create?: { email: string; externalId: string };
  /** Sign-in only: the first admin a platform operator named is admitted as admin. */
  forceRole?: string;
  /** Sign-in: stamps last_login_at. */
  signIn?: boolean;
}

export type AppliedIdpClaims =
  | { ok: true; userId: string; role: string; previousRole: string | null; teams: TeamSyncResult }
  | { ok: false; reason: "no_role" };

/**
 * The ONE mapping of an IdP's word to a person's access: the role claim and groups through the
 * provider's role mapping to one role (none maps: refused), the person's role and name written,
 * and IdP groups synced to team memberships. The sign-in (completeSsoSignIn) and the session
 * refresh (lib/auth/sessions/idp-refresh.ts, ADR 0034) both call it; each audits its own outcome.
 */
export async function applyIdpClaims(tx: TenantTx, input: ApplyIdpClaimsInput): Promise<AppliedIdpClaims> {
  const { settings, claims, user: existing } = input;
  const mapping = settings.roleMapping as RoleMapping;
  const groups = claimValues(claims[settings.groupClaim]);
  const role = input.forceRole ?? mapRole([...claimValues(claims[settings.roleClaim]), ...groups], mapping);
  if (!role) return { ok: false, reason: "no_role" };
  const fallbackName = existing?.name ?? input.create?.email ?? "";
  const name = typeof claims.name === "string" && claims.name.trim() ? claims.name.trim() : fallbackName;
  const stamp = input.signIn ? { lastLoginAt: new Date() } : {};
  let userId: string;
  if (existing) {
    await tx.user.update({ where: { id: existing.id }, data: { name, role, ...stamp } });
    userId = existing.id;
  } else {
    if (!input.create) throw new Error("applyIdpClaims: a new person needs create");
    const created = await tx.user.create({
      data: {
        tenantId: input.tenantId,
        email: input.create.email,
        name,
        role,
        externalId: input.create.externalId,
        ...stamp,
      },
    });
    userId = created.id;
  }
  const teams = settings.syncGroups
    ? await syncIdpTeams(tx, userId, groups, mapping)
    : { added: [], removed: [], created: [] };
  return { ok: true, userId, role, previousRole: existing?.role ?? null, teams };
}

export async function completeSsoSignIn(input: SsoSignInInput, opts: { db?: Database } = {}): Promise<SsoSignInResult> {
  const { provider, claims } = input;
  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  const sub = typeof claims.sub === "string" ? claims.sub : "";
  const mfa = hasSecondFactor(claims.amr);

  return withTenant(
    provider.tenantId,
    async (tx) => {
      const audit = (e: Omit<AuditEvent, "ip" | "requestId">) =>
        appendAudit(tx, { ...e, ip: input.ip, requestId: input.requestId });
      const refuse = async (
        reason: SignInRefusal,
        userId?: string,
        action = "auth.login_failed",
        extra: Record<string, unknown> = {},
      ) => {
        const actor = {
          kind: "user" as const,
          subject: userId ?? `idp:${provider.id}:${sub}`,
          userId,
          authMethod: "session" as const,
        };
        await audit({
          action,
          outcome: "denied",
          actor,
          target: { type: "identity_provider", id: provider.id },
          details: { reason, mfa, ...extra },
        });
        return { ok: false as const, reason };
      };

      if (!email || !sub) return refuse("AccessDenied");
      // A token minted for another tenant must never open this one.
      if (claims.tenant !== undefined && claims.tenant !== provider.tenantSlug) return refuse("tenant_mismatch");

      const settings = provider.bootstrap
        ? { ...BOOTSTRAP_SETTINGS, roleMapping: provider.roleMapping ?? {} }
        : await tx.identityProvider.findUnique({ where: { id: provider.id } });
      const tenant = await tx.tenant.findUnique({
        where: { id: provider.tenantId },
        select: { requireMfa: true, domains: true, suspendedAt: true, firstAdminEmail: true, networkConsole: true },
      });
      if (!settings?.enabled || !tenant) return refuse("AccessDenied");
      if (tenant.suspendedAt) return refuse("tenant_suspended");
      // Before any session starts: the console list of the tenant's network rules (ADR 0036).
      if (!consoleAllows(tenant.networkConsole, input.ip))
        return refuse("ip_not_allowed", undefined, undefined, { list: "console" });

      const link = await tx.userIdentity.findUnique({
        where: { tenantId_providerId_subject: { tenantId: provider.tenantId, providerId: provider.id, subject: sub } },
        include: { user: true },
      });
      let existing = link?.user ?? null;
      if (!link) {
        // A new link: the e-mail must be the IdP's verified word, in a domain this provider serves
        // (its email_domains; when it lists none, the tenant's own domains).
        const byEmail = await tx.user.findUnique({ where: { tenantId_email: { tenantId: provider.tenantId, email } } });
        // An erased person (lib/privacy/erasure.ts) is not provisioned again by JIT, whatever the IdP says.
        if (!byEmail && (await isErased(tx, email))) return refuse("account_disabled");
        const domain = email.split("@")[1] ?? "";
        const domains = (settings.emailDomains?.length ? settings.emailDomains : tenant.domains).map((d) =>
          d.toLowerCase(),
        );
        const why = { email_domain: domain };
        if (!emailVerified(claims.email_verified)) return refuse("email_unverified", byEmail?.id, undefined, why);
        if (!domains.includes(domain))
          return refuse("email_domain", byEmail?.id, undefined, { ...why, allowed_domains: domains });
        // A different subject never takes over a person this provider already links.
        const taken =
          byEmail &&
          (await tx.userIdentity.findUnique({
            where: {
              tenantId_providerId_userId: { tenantId: provider.tenantId, providerId: provider.id, userId: byEmail.id },
            },
          }));
        if (taken) return refuse("identity_conflict", byEmail.id, undefined, { linked_subject: taken.subject });
        existing = byEmail;
      }
      if (existing && !existing.active) return refuse("account_disabled", existing.id);
      if (tenant.requireMfa && !mfa) return refuse("mfa_required", existing?.id, "auth.mfa_required");

      // The first admin a platform operator named (lib/platform/tenants.ts) is admitted as admin at
      // their first sign-in, whatever the new IdP's mapping says yet; then the mapping decides. An
      // invited first admin (lib/platform/invitations.ts) who signed in before accepting is admitted
      // at their first sign-in after it: a linked account only when its own address is the one named.
      const firstAdmin =
        Boolean(tenant.firstAdminEmail) && tenant.firstAdminEmail === email && (!link || link.user.email === email);
      const access = await applyIdpClaims(tx, {
        tenantId: provider.tenantId,
        settings,
        claims,
        user: existing,
        create: { email, externalId: sub },
        forceRole: firstAdmin ? "admin" : undefined,
        signIn: true,
      });
      if (!access.ok) return refuse("no_role", existing?.id);
      if (firstAdmin) await tx.tenant.update({ where: { id: provider.tenantId }, data: { firstAdminEmail: null } });
      const { role, teams } = access;
      const user = { id: access.userId };
      const linkedBy = existing ? "email" : "jit";
      if (link) await tx.userIdentity.update({ where: { id: link.id }, data: { lastUsedAt: new Date() } });
      else
        await tx.userIdentity.create({
          data: { tenantId: provider.tenantId, providerId: provider.id, subject: sub, userId: user.id, linkedBy },
        });
      await audit({
        action: "auth.login",
        outcome: "success",
        actor: { kind: "user", subject: user.id, userId: user.id, authMethod: "session" },
        target: { type: "identity_provider", id: provider.id },
        details: {
          jit: !existing,
          link: link ? "existing" : existing ? "linked_by_email" : "created",
          // The IdP's e-mail changed since the link was made; the account keeps its own.
          idp_email_differs: Boolean(link && link.user.email !== email),
          role,
          previous_role: existing?.role ?? null,
          mfa,
          ...(firstAdmin ? { first_admin: true } : {}),
          teams_added: teams.added,
          teams_removed: teams.removed,
          teams_created: teams.created,
        },
      });
      return { ok: true as const, userId: user.id, tenantId: provider.tenantId, role, created: !existing, mfa };
    },
    { db: opts.db },
  );
}
