// The issuers Warden trusts for bearer JWTs on /v1: the environment's (global, or bound to a
// tenant by WARDEN_OIDC_TENANT_PROVIDERS_JSON), and a tenant's own OIDC / Okta / Entra identity
// providers that accept bearer tokens (Settings -> Identity, /v1/identity/providers; ADR 0021).
// The latter are looked up by the token's issuer through the system path and kept for a few
// seconds (WARDEN_OIDC_ISSUER_CACHE_MS); a change on this instance forgets them at once, and the
// provider row is read again inside its tenant's transaction before a token is accepted.
import "server-only";
import { bearerIdentityProviders } from "@/lib/tenancy/system";
import { log } from "@/lib/observability/log";

export interface TrustedIssuer {
  issuer: string;
  audience: string;
  /** Tenant-bound issuer: every token it signs belongs to this tenant (slug). */
  tenantSlug?: string;
  tenantClaim: string;
  /** For a tenant-bound issuer: the token must also carry the tenant claim. */
  requireTenantClaim: boolean;
  roleClaim: string;
  /** Explicit JWKS location; otherwise discovered from the issuer's openid-configuration. */
  jwksUri?: string;
  /**
   * A tenant's own identity provider (its row id): tokens belong to that tenant only, must name
   * one of its people (linked to this provider, or by a verified e-mail it serves), and obey the
   * tenant's MFA policy.
   */
  identityProviderId?: string;
  tenantId?: string;
}

interface TenantProviderJson {
  issuer?: string;
  audience?: string;
  tenant_claim?: string;
  require_tenant_claim?: boolean;
  jwks_uri?: string;
  role_claim?: string;
}

let cache: { raw: string; list: TrustedIssuer[] } | null = null;

export function trustedIssuers(env: NodeJS.ProcessEnv = process.env): TrustedIssuer[] {
  const raw = [
    env.WARDEN_OIDC_ISSUER,
    env.WARDEN_OIDC_AUDIENCE,
    env.WARDEN_OIDC_JWKS_URI,
    env.WARDEN_OIDC_ROLE_CLAIM,
    env.WARDEN_OIDC_TENANT_CLAIM,
    env.WARDEN_OIDC_TENANT_PROVIDERS_JSON,
  ].join("\u0000");
  if (cache?.raw === raw) return cache.list;
  const roleClaim = env.WARDEN_OIDC_ROLE_CLAIM?.trim() || "roles";
  const tenantClaim = env.WARDEN_OIDC_TENANT_CLAIM?.trim() || "tenant";
  const list: TrustedIssuer[] = [];
  if (env.WARDEN_OIDC_ISSUER && env.WARDEN_OIDC_AUDIENCE) {
    list.push({
      issuer: env.WARDEN_OIDC_ISSUER.trim(),
      audience: env.WARDEN_OIDC_AUDIENCE.trim(),
      tenantClaim,
      requireTenantClaim: false,
      roleClaim,
      jwksUri: env.WARDEN_OIDC_JWKS_URI?.trim() || undefined,
    });
  }
  if (env.WARDEN_OIDC_TENANT_PROVIDERS_JSON) {
    let parsed: Record<string, TenantProviderJson>;
    try {
      parsed = JSON.parse(env.WARDEN_OIDC_TENANT_PROVIDERS_JSON);
    } catch {
      // Misconfiguration must not silently widen trust: log and trust no tenant-bound issuer.
      log.error("WARDEN_OIDC_TENANT_PROVIDERS_JSON is not valid JSON; tenant-bound issuers are disabled");
      parsed = {};
    }
    for (const [slug, p] of Object.entries(parsed)) {
      if (!p?.issuer || !p.audience) {
        log.error({ tenant: slug }, "WARDEN_OIDC_TENANT_PROVIDERS_JSON: a tenant needs issuer and audience; ignored");
        continue;
      }
      list.push({
        issuer: p.issuer,
        audience: p.audience,
        tenantSlug: slug,
        tenantClaim: p.tenant_claim || tenantClaim,
        requireTenantClaim: p.require_tenant_claim === true,
        roleClaim: p.role_claim || roleClaim,
        jwksUri: p.jwks_uri,
      });
    }
  }
  cache = { raw, list };
  return list;
}

const tenantIssuers = new Map<string, { at: number; list: Promise<TrustedIssuer[]> }>();

function issuerCacheMs(): number {
  const v = Number(process.env.WARDEN_OIDC_ISSUER_CACHE_MS);
  return Number.isFinite(v) && v >= 0 ? v : 5000;
}

/** The identity providers of every tenant that accept bearer tokens from `iss`, briefly cached. */
async function tenantIssuersFor(iss: string): Promise<TrustedIssuer[]> {
  const now = Date.now();
  const hit = tenantIssuers.get(iss);
  if (hit && now - hit.at < issuerCacheMs()) return hit.list;
  // Tokens name any issuer they like: a full map is emptied rather than grown.
  if (tenantIssuers.size >= 1000) tenantIssuers.clear();
  const list = bearerIdentityProviders(iss).then((rows) =>
    rows.map((r) => ({
      // jose compares iss exactly: the token's own spelling (trailing slash and all) is the one matched.
      issuer: iss,
      audience: r.audience,
      tenantSlug: r.tenantSlug,
      tenantId: r.tenantId,
      identityProviderId: r.id,
      tenantClaim: process.env.WARDEN_OIDC_TENANT_CLAIM?.trim() || "tenant",
      requireTenantClaim: false,
      roleClaim: "roles",
    })),
  );
  tenantIssuers.set(iss, { at: now, list });
  list.catch(() => tenantIssuers.delete(iss));
  return list;
}

/** Every trusted issuer configuration for a token's `iss`: the environment's, then the tenants'. */
export async function issuersFor(iss: string | undefined): Promise<TrustedIssuer[]> {
  if (!iss) return [];
  return [...trustedIssuers().filter((c) => c.issuer === iss), ...(await tenantIssuersFor(iss))];
}

/** A tenant's identity providers changed (created, edited, removed): look their issuers up again. */
export function forgetTenantIssuers(): void {
  tenantIssuers.clear();
}
