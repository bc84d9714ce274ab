// Where a tenant's SAML IdP settings come from. The identity_providers table (type "saml",
// enabled) is the source once the SSO work lands; until then, and afterwards as a bootstrap,
// WARDEN_SAML_PROVIDERS_JSON maps tenant slug -> settings, like the OIDC bootstrap variables.
import "server-only";
import { z } from "zod";
import type { TenantTx } from "@/lib/tenancy/with-tenant";

export interface SamlIdpSettings {
  idpEntityId: string;
  ssoUrl: string;
  certificatePem: string | string[];
  requireResponseSignature: boolean;
  /** Attribute carrying Warden roles (default: roles / role / Entra's role claim). */
  roleClaim?: string | null;
  /** Attribute carrying groups (default: groups / Entra's groups claim). */
  groupClaim?: string | null;
  /** IdP value (role or group, case-insensitive) -> Warden role. */
  roleMapping?: Record<string, string> | null;
}

const envEntry = z.object({
  entity_id: z.string().min(1),
  sso_url: z.url(),
  certificate: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  require_response_signature: z.boolean().default(false),
  role_claim: z.string().optional(),
  group_claim: z.string().optional(),
  role_mapping: z.record(z.string(), z.string()).optional(),
});

function fromEnvironment(tenantSlug: string): SamlIdpSettings | null {
  const raw = process.env.WARDEN_SAML_PROVIDERS_JSON;
  if (!raw) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error("WARDEN_SAML_PROVIDERS_JSON is not valid JSON");
  }
  const entry = (parsed as Record<string, unknown>)?.[tenantSlug];
  if (!entry) return null;
  const e = envEntry.parse(entry);
  return {
    idpEntityId: e.entity_id,
    ssoUrl: e.sso_url,
    certificatePem: e.certificate,
    requireResponseSignature: e.require_response_signature,
    roleClaim: e.role_claim,
    groupClaim: e.group_claim,
    roleMapping: e.role_mapping,
  };
}

/** The tenant's enabled SAML IdP, or null when SAML is not configured for it. */
export async function samlProviderFor(_tx: TenantTx, tenantSlug: string): Promise<SamlIdpSettings | null> {
  // TODO(sso merge): read identity_providers (type 'saml', enabled) through _tx first.
  return fromEnvironment(tenantSlug);
}
