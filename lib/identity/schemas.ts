// Input shapes for identity-provider settings, shared by /v1/identity/providers and the
// Settings -> Identity server actions.
import { z } from "zod";

export const IDP_TYPES = ["okta", "entra", "oidc", "saml"] as const;
export type IdpType = (typeof IDP_TYPES)[number];

const claimName = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9_.:/-]+$/, "Use letters, digits and _ . : / -");
// The scheme and address rules are the outbound guard's (lib/net/outbound.ts), applied on save.
const issuerUrl = z
  .string()
  .trim()
  .url("Enter a full URL, e.g. https://example.okta.com")
  .refine((u) => /^https?:\/\//i.test(u), "The issuer must use https")
  .transform((u) => u.replace(/\/+$/, ""));

const domain = z.string().trim().toLowerCase().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, "Enter a domain such as example.com");

export const roleMappingSchema = z.record(z.string().trim().min(1).max(200), z.string().trim().min(1).max(100)).refine((m) => Object.keys(m).length <= 100, "At most 100 mapping entries");

const fields = {
  name: z.string().trim().min(1).max(100),
  enabled: z.boolean(),
  issuer: issuerUrl.nullish(),
  client_id: z.string().trim().min(1).max(300).nullish(),
  client_secret: z.string().min(1).max(2000).nullish(),
  role_claim: claimName,
  role_mapping: roleMappingSchema,
  group_claim: claimName,
  sync_groups: z.boolean(),
  email_domains: z.array(domain).max(50),
  saml_entity_id: z.string().trim().min(1).max(1000).nullish(),
  saml_sso_url: z.string().trim().url().nullish(),
  saml_certificate: z.string().trim().min(1).max(20_000).nullish(),
  saml_require_response_signature: z.boolean(),
};

export const createProviderSchema = z
  .object({
    type: z.enum(IDP_TYPES),
    ...fields,
    enabled: fields.enabled.default(true),
    role_claim: fields.role_claim.default("roles"),
    role_mapping: fields.role_mapping.default({}),
    group_claim: fields.group_claim.default("groups"),
    sync_groups: fields.sync_groups.default(true),
    email_domains: fields.email_domains.default([]),
    saml_require_response_signature: fields.saml_require_response_signature.default(false),
  })
  .strict()
  .superRefine((v, ctx) => {
    // A SAML provider without its IdP's entity id, SSO URL and certificate could never sign anyone in.
    const required = v.type === "saml" ? (["saml_entity_id", "saml_sso_url", "saml_certificate"] as const) : (["issuer", "client_id", "client_secret"] as const);
    for (const k of required) {
      if (!v[k]) ctx.addIssue({ code: "custom", path: [k], message: `${k} is required for ${v.type} providers` });
    }
  });

export const updateProviderSchema = z.object(fields).partial().strict();

export type CreateProviderInput = z.infer<typeof createProviderSchema>;
export type UpdateProviderInput = z.infer<typeof updateProviderSchema>;
