// Identity-provider settings of one tenant, always inside withTenant (RLS scopes every query).
// Client secrets are sealed on write and never leave this module: callers get
// `client_secret_set` instead.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit, auditActor } from "@/lib/audit/append";
import { sealSecret, type TenantKeyMaterial } from "@/lib/crypto/secret-box";
import { tenantKeyFor } from "@/lib/crypto/tenant-key";
import { WardenError } from "@/lib/errors";
import type { IdentityProvider, Prisma } from "@/lib/generated/prisma/client";
import { pageArgs, pageOf, type Page } from "@/lib/paging";
import { forgetTenantIssuers } from "@/lib/auth/oidc/issuers";
import { assertOutboundUrl } from "@/lib/net/outbound";
import { holdPower, withoutSecrets, type Held } from "@/lib/monitoring/power";
import { type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";
import { bearerIssues, type CreateProviderInput, type UpdateProviderInput } from "./schemas";

export interface PublicIdentityProvider {
  id: string;
  type: string;
  name: string;
  enabled: boolean;
  issuer: string | null;
  client_id: string | null;
  client_secret_set: boolean;
  role_claim: string;
  role_mapping: Record<string, string>;
  group_claim: string;
  sync_groups: boolean;
  email_domains: string[];
  saml_entity_id: string | null;
  saml_sso_url: string | null;
  saml_certificate_set: boolean;
  saml_require_response_signature: boolean;
  /** This issuer's JWTs are accepted as bearer tokens on /v1 (OIDC types only; ADR 0021). */
  accept_bearer_tokens: boolean;
  /** The audience (aud) such a token must carry. */
  bearer_audience: string | null;
  created_at: string;
  updated_at: string;
}

export function toPublicIdentityProvider(p: IdentityProvider): PublicIdentityProvider {
  return {
    id: p.id,
    type: p.type,
    name: p.name,
    enabled: p.enabled,
    issuer: p.issuer,
    client_id: p.clientId,
    client_secret_set: Boolean(p.clientSecretSealed),
    role_claim: p.roleClaim,
    role_mapping: (p.roleMapping ?? {}) as Record<string, string>,
    group_claim: p.groupClaim,
    sync_groups: p.syncGroups,
    email_domains: p.emailDomains ?? [],
    saml_entity_id: p.samlEntityId,
    saml_sso_url: p.samlSsoUrl,
    saml_certificate_set: Boolean(p.samlCertificate),
    saml_require_response_signature: p.samlRequireResponseSignature,
    accept_bearer_tokens: p.acceptBearerTokens,
    bearer_audience: p.bearerAudience,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

function columns(input: UpdateProviderInput, tk: TenantKeyMaterial): Prisma.IdentityProviderUncheckedUpdateInput {
  const out: Prisma.IdentityProviderUncheckedUpdateInput = {};
  if (input.name !== undefined) out.name = input.name;
  if (input.enabled !== undefined) out.enabled = input.enabled;
  if (input.issuer !== undefined) out.issuer = input.issuer;
  if (input.client_id !== undefined) out.clientId = input.client_id;
  if (input.client_secret) out.clientSecretSealed = sealSecret(input.client_secret, tk);
  if (input.role_claim !== undefined) out.roleClaim = input.role_claim;
  if (input.role_mapping !== undefined) out.roleMapping = input.role_mapping;
  if (input.group_claim !== undefined) out.groupClaim = input.group_claim;
  if (input.sync_groups !== undefined) out.syncGroups = input.sync_groups;
  if (input.email_domains !== undefined) out.emailDomains = input.email_domains;
  if (input.saml_entity_id !== undefined) out.samlEntityId = input.saml_entity_id;
  if (input.saml_sso_url !== undefined) out.samlSsoUrl = input.saml_sso_url;
  if (input.saml_certificate !== undefined) out.samlCertificate = input.saml_certificate;
  if (input.saml_require_response_signature !== undefined)
    out.samlRequireResponseSignature = input.saml_require_response_signature;
  if (input.accept_bearer_tokens !== undefined) out.acceptBearerTokens = input.accept_bearer_tokens;
  if (input.bearer_audience !== undefined) out.bearerAudience = input.bearer_audience;
  return out;
}

/** Which fields changed, for the audit entry (names only: values may be secrets). */
function changedFields(input: UpdateProviderInput): string[] {
  return Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] !== undefined);
}

/** Every provider of the tenant, oldest first (Settings -> Identity). */
export async function listIdentityProviders(tx: TenantTx): Promise<IdentityProvider[]> {
  return tx.identityProvider.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** GET /v1/identity/providers: one page through the one list helper (ordered by id, cursor = last id). */
export async function pageIdentityProviders(tx: TenantTx, page: Page) {
  const out = pageOf(await tx.identityProvider.findMany(pageArgs(page)), page);
  return { ...out, data: out.data.map(toPublicIdentityProvider) };
}

export async function getIdentityProviderOrThrow(tx: TenantTx, id: string): Promise<IdentityProvider> {
  const row = await tx.identityProvider.findUnique({ where: { id } });
  if (!row) throw new WardenError("not_found", "Identity provider not found");
  return row;
}

async function uniqueName<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if ((e as { code?: string }).code === "P2002")
      throw new WardenError("conflict", "An identity provider with that name already exists");
    throw e;
  }
}

/**
 * The outbound guard on the URLs Warden (issuer: discovery, token, JWKS) or the browser (SAML SSO)
 * is sent to: https, no credentials, no private address (WARDEN_OUTBOUND_ALLOW for on-prem IdPs).
 */
async function guardUrls(input: UpdateProviderInput): Promise<void> {
  await assertOutboundUrl("issuer", input.issuer, { kind: "base" });
  await assertOutboundUrl("saml_sso_url", input.saml_sso_url, { kind: "browser" });
}

/** Four-eyes for power (lib/monitoring/power.ts): every provider change may be held for a second admin. */
const holdIdp = (
  tx: TenantTx,
  actor: Actor,
  action: string,
  params: Record<string, unknown>,
  approvalId?: string | null,
) =>
  holdPower(tx, actor, { action, params: withoutSecrets(params, ["client_secret"]), metric: "idp_change", approvalId });

export async function createIdentityProvider(
  tx: TenantTx,
  actor: Actor,
  input: CreateProviderInput,
  approvalId?: string | null,
): Promise<IdentityProvider | Held> {
  await guardUrls(input);
  const held = await holdIdp(tx, actor, "identity_provider.create", { ...input }, approvalId);
  if (held) return held;
  const tk = await tenantKeyFor(tx);
  const row = await uniqueName(() =>
    tx.identityProvider.create({
      data: {
        ...(columns(input, tk) as Prisma.IdentityProviderUncheckedCreateInput),
        tenantId: actor.tenantId,
        type: input.type,
        name: input.name,
      },
    }),
  );
  forgetTenantIssuers();
  await appendAudit(tx, {
    action: "identity_provider.create",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "identity_provider", id: row.id },
    details: { type: row.type, name: row.name, fields: changedFields(input), ...bearerDetails(row) },
    requestId: actor.requestId,
  });
  return row;
}

/** Whether and for which audience a provider's tokens are bearer credentials: audited as values (no secret). */
function bearerDetails(p: IdentityProvider) {
  return { accept_bearer_tokens: p.acceptBearerTokens, bearer_audience: p.bearerAudience };
}

export async function updateIdentityProvider(
  tx: TenantTx,
  actor: Actor,
  id: string,
  input: UpdateProviderInput,
  approvalId?: string | null,
): Promise<IdentityProvider | Held> {
  const before = await getIdentityProviderOrThrow(tx, id);
  await guardUrls(input);
  const issues = bearerIssues({
    type: before.type,
    issuer: input.issuer !== undefined ? input.issuer : before.issuer,
    accept_bearer_tokens: input.accept_bearer_tokens ?? before.acceptBearerTokens,
    bearer_audience: input.bearer_audience !== undefined ? input.bearer_audience : before.bearerAudience,
  });
  if (issues.length) throw new WardenError("invalid_request", issues[0].message, { issues });
  const held = await holdIdp(tx, actor, "identity_provider.update", { provider_id: id, ...input }, approvalId);
  if (held) return held;
  const tk = await tenantKeyFor(tx);
  const row = await uniqueName(() => tx.identityProvider.update({ where: { id }, data: columns(input, tk) }));
  forgetTenantIssuers();
  const bearerChanged = input.accept_bearer_tokens !== undefined || input.bearer_audience !== undefined;
  await appendAudit(tx, {
    action: "identity_provider.update",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "identity_provider", id },
    details: {
      fields: changedFields(input),
      ...(bearerChanged ? { ...bearerDetails(row), previous: bearerDetails(before) } : {}),
    },
    requestId: actor.requestId,
  });
  return row;
}

export async function deleteIdentityProvider(
  tx: TenantTx,
  actor: Actor,
  id: string,
  approvalId?: string | null,
): Promise<Held | null> {
  const row = await getIdentityProviderOrThrow(tx, id);
  const held = await holdIdp(tx, actor, "identity_provider.delete", { provider_id: id }, approvalId);
  if (held) return held;
  await tx.identityProvider.delete({ where: { id } });
  forgetTenantIssuers();
  await appendAudit(tx, {
    action: "identity_provider.delete",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "identity_provider", id },
    details: { type: row.type, name: row.name },
    requestId: actor.requestId,
  });
  return null;
}

export async function setRequireMfa(tx: TenantTx, actor: Actor, required: boolean): Promise<void> {
  const previous = await getRequireMfa(tx);
  await tx.tenant.update({ where: { id: actor.tenantId }, data: { requireMfa: required } });
  await appendAudit(tx, {
    action: "tenant.mfa_policy.update",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "tenant", id: actor.tenantId },
    details: { require_mfa: required, previous },
    requestId: actor.requestId,
  });
}

export async function getRequireMfa(tx: TenantTx): Promise<boolean> {
  const tenantId = await tenantIdOf(tx);
  const t = await tx.tenant.findUnique({ where: { id: tenantId }, select: { requireMfa: true } });
  return t?.requireMfa ?? false;
}
