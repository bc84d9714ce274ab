// Where a tenant's SAML IdP settings come from: the identity_providers row (type "saml",
// enabled, edited through /v1/identity/providers), else the bootstrap variable
// WARDEN_SAML_PROVIDERS_JSON (tenant slug -> settings), like the OIDC bootstrap variables.
import "server-only";
import { z } from "zod";
import type { TenantTx } from "@/lib/tenancy/with-tenant";

export interface SamlIdpSettings {
  /** The identity_providers row id; absent for the environment bootstrap. */
  id?: string;
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

/** The tenant's enabled SAML IdP (identity_providers first, then the bootstrap), or null. */
export async function samlProviderFor(tx: TenantTx, tenantSlug: string): Promise<SamlIdpSettings | null> {
  // RLS limits this to the transaction's tenant.
  const row = await tx.identityProvider.findFirst({
    where: { type: "saml", enabled: true },
    orderBy: { createdAt: "asc" },
  });
  if (row?.samlEntityId && row.samlSsoUrl && row.samlCertificate) {
    return {
      id: row.id,
      idpEntityId: row.samlEntityId,
      ssoUrl: row.samlSsoUrl,
      certificatePem: row.samlCertificate,
      requireResponseSignature: row.samlRequireResponseSignature,
      roleClaim: row.roleClaim,
      groupClaim: row.groupClaim,
      roleMapping: (row.roleMapping ?? {}) as Record<string, string>,
    };
  }
  return fromEnvironment(tenantSlug);
}
