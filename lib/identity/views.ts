// Identity providers as /v1/identity/providers sends them: secrets never, only whether one is set.
import { z } from "zod";
import { IDP_TYPES } from "./schemas";

export const identityProviderView = z
  .object({
    id: z.string(),
    type: z.enum(IDP_TYPES),
    name: z.string(),
    enabled: z.boolean(),
    issuer: z.string().nullable(),
    client_id: z.string().nullable(),
    client_secret_set: z.boolean().describe("The client secret is sealed at rest and never returned"),
    role_claim: z.string().nullable(),
    role_mapping: z.record(z.string(), z.string()).describe("IdP role or group value -> Warden role"),
    group_claim: z.string().nullable(),
    sync_groups: z.boolean(),
    email_domains: z.array(z.string()).describe("Sign-in e-mail domains routed to this provider"),
    saml_entity_id: z.string().nullable(),
    saml_sso_url: z.string().nullable(),
    saml_certificate_set: z.boolean(),
    saml_require_response_signature: z.boolean(),
    accept_bearer_tokens: z.boolean().describe("This issuer's JWTs are accepted as bearer tokens on /v1 (OIDC types)"),
    bearer_audience: z.string().nullable().describe("The audience such a token must carry"),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: "IdentityProvider" });

export const connectionResultView = z
  .object({
    ok: z.boolean(),
    message: z.string(),
    checks: z.array(z.object({ name: z.string(), ok: z.boolean(), detail: z.string().optional() })),
  })
  .meta({ id: "IdentityProviderConnectionTest" });
