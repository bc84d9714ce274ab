// Identity-provider rows (and the environment bootstrap) -> Auth.js providers. Each row's id is
// its Auth.js provider id, so two tenants' Okta orgs never collide and the callback URL names
// the row: /api/auth/callback/<idp_id>.
import "server-only";
import { customFetch } from "@auth/core";
import type { Provider } from "next-auth/providers";
import MicrosoftEntraID from "next-auth/providers/microsoft-entra-id";
import Okta from "next-auth/providers/okta";
import { openSecret } from "@/lib/crypto/secret-box";
import { outboundFetch, urlProblem } from "@/lib/net/outbound";
import type { IdentityProviderRef } from "@/lib/tenancy/system";
import { log } from "@/lib/observability/log";

const CHECKS: ("pkce" | "state" | "nonce")[] = ["pkce", "state", "nonce"];

// Okta and Entra are OIDC providers, but their factory types only declare the OAuth checks.
function oidcChecks(p: object, extra: { id?: string; name?: string } = {}): Provider {
  return { ...p, ...extra, checks: CHECKS } as unknown as Provider;
}

export interface SsoProviderEntry {
  provider: Provider;
  ref: { id: string; tenantId: string; tenantSlug: string; bootstrap?: boolean };
}

export function providerFromRow(row: IdentityProviderRef): Provider | null {
  if (!row.issuer || !row.clientId || !row.clientSecretSealed) return null;
  let clientSecret: string;
  try {
    clientSecret = openSecret(row.clientSecretSealed);
  } catch (e) {
    // One undecryptable row must not take sign-in down for every other tenant.
    log.error({ identity_provider: row.id, err: e }, "identity provider could not be loaded");
    return null;
  }
  // The outbound guard (ADR 0015): an issuer it refuses offers no sign-in, and every fetch Auth.js
  // makes (discovery, token, userinfo) goes through it, pinned to the address it checked.
  const refused = urlProblem(row.issuer, { kind: "base" });
  if (refused) {
    log.error({ identity_provider: row.id }, `identity provider: the issuer ${refused}`);
    return null;
  }
  const common = { clientId: row.clientId, clientSecret, issuer: row.issuer, [customFetch]: outboundFetch };
  if (row.type === "okta") return oidcChecks(Okta(common), { id: row.id, name: row.name });
  if (row.type === "entra") return oidcChecks(MicrosoftEntraID(common), { id: row.id, name: row.name });
  return {
    id: row.id,
    name: row.name,
    type: "oidc",
    ...common,
    checks: CHECKS,
    authorization: { params: { scope: "openid email profile" } },
  };
}

/** Environment-configured providers, only when every setting (and the bootstrap tenant) is present. */
export function bootstrapProviders(
  env: NodeJS.ProcessEnv,
  tenant: { id: string; slug: string } | null,
): SsoProviderEntry[] {
  if (!tenant) return [];
  const out: SsoProviderEntry[] = [];
  const ref = (id: string) => ({ id, tenantId: tenant.id, tenantSlug: tenant.slug, bootstrap: true });
  const guarded = { [customFetch]: outboundFetch };
  if (env.AUTH_OKTA_ID && env.AUTH_OKTA_SECRET && env.AUTH_OKTA_ISSUER) {
    out.push({
      provider: oidcChecks(
        Okta({
          clientId: env.AUTH_OKTA_ID,
          clientSecret: env.AUTH_OKTA_SECRET,
          issuer: env.AUTH_OKTA_ISSUER,
          ...guarded,
        }),
      ),
      ref: ref("okta"),
    });
  }
  const entra = {
    id: env.AUTH_MICROSOFT_ENTRA_ID_ID,
    secret: env.AUTH_MICROSOFT_ENTRA_ID_SECRET,
    issuer: env.AUTH_MICROSOFT_ENTRA_ID_ISSUER,
  };
  if (entra.id && entra.secret && entra.issuer) {
    out.push({
      provider: oidcChecks(
        MicrosoftEntraID({ clientId: entra.id, clientSecret: entra.secret, issuer: entra.issuer, ...guarded }),
      ),
      ref: ref("microsoft-entra-id"),
    });
  }
  return out;
}

/** The Auth.js provider id of the platform operators' IdP (ADR 0032). */
export const PLATFORM_PROVIDER_ID = "platform";

/**
 * The platform operators' OpenID Connect IdP, from WARDEN_PLATFORM_OIDC_ISSUER, _CLIENT_ID and
 * _CLIENT_SECRET (all three, or none). It signs in operators only, never a tenant's people.
 */
export function platformProvider(env: NodeJS.ProcessEnv = process.env): Provider | null {
  const issuer = env.WARDEN_PLATFORM_OIDC_ISSUER;
  const clientId = env.WARDEN_PLATFORM_OIDC_CLIENT_ID;
  const clientSecret = env.WARDEN_PLATFORM_OIDC_CLIENT_SECRET;
  if (!issuer || !clientId || !clientSecret) return null;
  const refused = urlProblem(issuer, { kind: "base" });
  if (refused) {
    log.error(`platform identity provider: the issuer ${refused}`);
    return null;
  }
  return {
    id: PLATFORM_PROVIDER_ID,
    name: "Platform operators",
    type: "oidc",
    clientId,
    clientSecret,
    issuer,
    [customFetch]: outboundFetch,
    checks: CHECKS,
    authorization: { params: { scope: "openid email profile" } },
  } as Provider;
}
