// What a valid SAML login turns into. API flow (RelayState purpose "api"): a short-lived API key
// with the mapped role, answered once as JSON, minted inside the ACS tenant transaction so the
// key, the replay record and the audit entry commit together. Browser flow: a console session,
// started AFTER that transaction commits, because the SSO sign-in opens its own transaction
// (never nested: PGlite has a single connection).
import "server-only";
import { z } from "zod";
import type { Database } from "@/lib/db/runtime";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import type { SamlIdpSettings } from "./provider";
import type { SamlIdentity } from "./types";

export const SAML_API_KEY_TTL_SECONDS = 3600;

export interface SamlLoginContext {
  tenantId: string;
  tenantSlug: string;
  role: string;
  identity: SamlIdentity;
  /** The IdP settings the assertion was checked against (row id, claim names, mapping). */
  settings: SamlIdpSettings;
}

export interface SamlRequestMeta {
  ip?: string;
  requestId: string;
  /** The browser's User-Agent, for the session record's device. */
  userAgent?: string | null;
}

/** Structurally the API-key work's mintApiKey (lib/auth/api-keys/mint.ts). */
export type MintApiKeyFn = (
  tx: TenantTx,
  input: {
    tenantId: string;
    role: string;
    ttlSeconds: number;
    name: string;
    createdBy: { kind: "saml"; subject: string };
    source: "saml";
  },
) => Promise<{ id: string; secret: string; prefix: string; expiresAt: Date }>;

export interface SamlOutcomes {
  api(tx: TenantTx, login: SamlLoginContext): Promise<{ response: Response; keyId?: string }>;
  /** Runs after the ACS transaction has committed; opens its own transactions. */
  browser(login: SamlLoginContext, meta: SamlRequestMeta, db?: Database): Promise<Response>;
}

/** The API flow's answer: a short-lived API key for the person the assertion named. */
export const samlApiKeySchema = z.object({
  api_key: z.string().describe("A control-plane API key (wdn_…), shown once; valid for an hour"),
  key_id: z.string(),
  expires_at: z.iso.datetime(),
  tenant: z.string().describe("The tenant's slug"),
  role: z.string().describe("The role the IdP's attributes map to"),
});

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
    const body: z.infer<typeof samlApiKeySchema> = {
      api_key: key.secret,
      key_id: key.id,
      expires_at: key.expiresAt.toISOString(),
      tenant: login.tenantSlug,
      role: login.role,
    };
    return { response: Response.json(body, { headers: { "cache-control": "no-store" } }), keyId: key.id };
  };
}
