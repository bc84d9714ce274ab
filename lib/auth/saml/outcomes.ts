// What a valid SAML login turns into. API flow (RelayState purpose "api"): a short-lived API key
// with the mapped role, answered once as JSON. Browser flow: a console session. Both run inside
// the ACS tenant transaction, so the key, the replay record and the audit entry commit together.
import "server-only";
import { WardenError } from "@/lib/errors";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import type { SamlIdentity } from "./types";

export const SAML_API_KEY_TTL_SECONDS = 3600;

export interface SamlLoginContext {
  tenantId: string;
  tenantSlug: string;
  role: string;
  identity: SamlIdentity;
}

/** Structurally the API-key work's mintApiKey (lib/auth/api-keys/mint.ts). */
export type MintApiKeyFn = (
  tx: TenantTx,
  input: { tenantId: string; role: string; ttlSeconds: number; name: string; createdBy: { kind: "saml"; subject: string }; source: "saml" },
) => Promise<{ id: string; secret: string; prefix: string; expiresAt: Date }>;

export interface SamlOutcomes {
  api(tx: TenantTx, login: SamlLoginContext): Promise<{ response: Response; keyId?: string }>;
  browser(tx: TenantTx, login: SamlLoginContext): Promise<{ response: Response }>;
}

export function apiKeyOutcome(mint: MintApiKeyFn): SamlOutcomes["api"] {
  return async (tx, login) => {
    const subject = login.identity.email ?? login.identity.nameId;
    const key = await mint(tx, {
      tenantId: login.tenantId,
      role: login.role,
      ttlSeconds: SAML_API_KEY_TTL_SECONDS,
      name: `SAML login ${subject}`.slice(0, 120),
      createdBy: { kind: "saml", subject },
      source: "saml",
    });
    const body = { api_key: key.secret, key_id: key.id, expires_at: key.expiresAt.toISOString(), tenant: login.tenantSlug, role: login.role };
    return { response: Response.json(body, { headers: { "cache-control": "no-store" } }), keyId: key.id };
  };
}

const unavailable = (what: string) => async (): Promise<never> => {
  throw new WardenError("service_unavailable", `SAML ${what} is not available in this build`);
};

/** Wired in lib/auth/saml/wiring.ts once API keys and sessions exist. */
export const unwiredOutcomes: SamlOutcomes = { api: unavailable("API-key issuance"), browser: unavailable("browser sign-in") };
