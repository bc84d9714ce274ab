// Input shapes for identity-provider settings, shared by /v1/identity/providers and the
// Settings -> Identity server actions.
import { z } from "zod";

export const IDP_TYPES = ["okta", "entra", "oidc", "saml"] as const;
export type IdpType = (typeof IDP_TYPES)[number];

const claimName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.:/-]+$/, "Use letters, digits and _ . : / -");
// The scheme and address rules are the outbound guard's (lib/net/outbound.ts), applied on save.
const issuerUrl = z
  .string()
  .trim()
  .url("Enter a full URL, e.g. https://example.okta.com")
  .refine((u) => /^https?:\/\//i.test(u), "The issuer must use https")
  .transform((u) => u.replace(/\/+$/, ""));

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, "Enter a domain such as example.com");

export const roleMappingSchema = z
  .record(z.string().trim().min(1).max(200), z.string().trim().min(1).max(100))
  .refine((m) => Object.keys(m).length <= 100, "At most 100 mapping entries");

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
  // OIDC / Okta / Entra: this issuer's JWTs are also bearer tokens on /v1 for people of the tenant.
  accept_bearer_tokens: z
    .boolean()
    .describe(
      "OIDC, Okta and Entra: also accept this issuer's JWTs as bearer tokens on /v1, for people of this tenant (ADR 0021)",
    ),
  bearer_audience: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .nullish()
    .describe("The aud a bearer token must carry; required while accept_bearer_tokens is on"),
};

/**
 * Bearer tokens need an OIDC-type provider with an issuer and the audience tokens must carry. The
 * merged settings (a PATCH over the stored row) are checked, so the field that is missing is named.
 */
export function bearerIssues(v: {
  type: string;
  issuer?: string | null;
  accept_bearer_tokens?: boolean;
  bearer_audience?: string | null;
}): { path: string; message: string }[] {
  if (!v.accept_bearer_tokens) return [];
  if (v.type === "saml")
    return [
      { path: "accept_bearer_tokens", message: "Bearer tokens are accepted from OIDC, Okta and Entra providers only" },
    ];
  const out: { path: string; message: string }[] = [];
  if (!v.issuer) out.push({ path: "issuer", message: "issuer is required to accept bearer tokens" });
  if (!v.bearer_audience)
    out.push({
      path: "bearer_audience",
      message: "Enter the audience (aud) the bearer tokens carry, e.g. api://warden",
    });
  return out;
}

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
    accept_bearer_tokens: fields.accept_bearer_tokens.default(false),
  })
  .strict()
  .superRefine((v, ctx) => {
    // A SAML provider without its IdP's entity id, SSO URL and certificate could never sign anyone in.
    const required =
      v.type === "saml"
        ? (["saml_entity_id", "saml_sso_url", "saml_certificate"] as const)
        : (["issuer", "client_id", "client_secret"] as const);
    for (const k of required) {
      if (!v[k]) ctx.addIssue({ code: "custom", path: [k], message: `${k} is required for ${v.type} providers` });
    }
    for (const i of bearerIssues(v))
      if (i.path !== "issuer") ctx.addIssue({ code: "custom", path: [i.path], message: i.message });
  });

export const updateProviderSchema = z.object(fields).partial().strict();

export type CreateProviderInput = z.infer<typeof createProviderSchema>;
export type UpdateProviderInput = z.infer<typeof updateProviderSchema>;
