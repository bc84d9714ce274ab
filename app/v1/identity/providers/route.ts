// GET /v1/identity/providers - list the tenant's identity providers; POST - add one.
import { listOf, pageQuery } from "@/lib/paging";
import { route } from "@/lib/http/route";
import { createIdentityProvider, pageIdentityProviders, toPublicIdentityProvider } from "@/lib/identity/providers";
import { createProviderSchema } from "@/lib/identity/schemas";
import { identityProviderView } from "@/lib/identity/views";
import { approvalQuery, isHeld, orHeld } from "@/lib/monitoring/power";

export const GET = route(
  {
    permission: "identity.read",
    summary: "List the tenant's identity providers (Okta, Entra ID, OIDC, SAML)",
    query: pageQuery,
    response: listOf(identityProviderView),
    example: { query: { limit: "20" } },
  },
  async ({ tx, query }) => pageIdentityProviders(tx, query),
);

export const POST = route(
  {
    permission: "identity.write",
    summary: "Add an identity provider; its client secret is sealed at rest (audited)",
    description:
      "A require_approval rule on idp_change holds it: 202 with the approval; repeat it with approval_id once another admin approved.",
    body: createProviderSchema,
    query: approvalQuery,
    response: identityProviderView,
    status: 201,
    example: {
      body: {
        type: "oidc",
        name: "Corporate OIDC",
        issuer: "https://login.example.com",
        client_id: "warden-console",
        client_secret: "example-client-secret",
        email_domains: ["example.com"],
        role_mapping: { "warden-admins": "admin" },
      },
    },
  },
  async ({ tx, actor, body, query }) => {
    const out = await createIdentityProvider(tx, actor, body, query.approval_id);
    return isHeld(out) ? orHeld(out) : Response.json(toPublicIdentityProvider(out), { status: 201 });
  },
);
