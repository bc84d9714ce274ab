// The issuers Warden trusts for bearer JWTs on /v1. Today they come from the environment;
// trustedIssuers() is the seam where per-tenant issuers from the database join the list.
import "server-only";

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
  const raw = [env.WARDEN_OIDC_ISSUER, env.WARDEN_OIDC_AUDIENCE, env.WARDEN_OIDC_JWKS_URI, env.WARDEN_OIDC_ROLE_CLAIM, env.WARDEN_OIDC_TENANT_CLAIM, env.WARDEN_OIDC_TENANT_PROVIDERS_JSON].join("\u0000");
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
      console.error("[warden] WARDEN_OIDC_TENANT_PROVIDERS_JSON is not valid JSON; tenant-bound issuers are disabled");
      parsed = {};
    }
    for (const [slug, p] of Object.entries(parsed)) {
      if (!p?.issuer || !p.audience) {
        console.error(`[warden] WARDEN_OIDC_TENANT_PROVIDERS_JSON: ${slug} needs issuer and audience; ignored`);
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
