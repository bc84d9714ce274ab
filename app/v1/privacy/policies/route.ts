// GET,PUT /v1/privacy/policies - gateway compliance policies (paged); PUT creates or replaces the policy of one scope (tenant, team, virtual_key).
import { listOf, pageQuery } from "@/lib/paging";
import { route } from "@/lib/http/route";
import { listPolicies, policyPutSchema, policyView, putPolicy } from "@/lib/privacy/policies";

export const GET = route(
  {
    permission: "privacy.read",
    summary: "List gateway compliance policies",
    query: pageQuery,
    response: listOf(policyView),
    example: { query: { limit: "50" } },
  },
  async ({ tx, query }) => listPolicies(tx, query),
);

export const PUT = route(
  {
    permission: "privacy.write",
    summary: "Create or replace the compliance policy of one scope",
    description:
      "One policy per scope (the tenant, a team or a virtual key); the most specific enabled one applies to a gateway request. Audited.",
    body: policyPutSchema,
    response: policyView,
    errors: ["not_found"],
    example: {
      body: {
        scope_type: "tenant",
        enabled: true,
        detectors: { payment_card: "block", email: "redact" },
        allowed_regions: ["us", "eu"],
        hipaa_mode: false,
        store_bodies: false,
      },
    },
  },
  async ({ tx, actor, body }) => putPolicy(tx, actor, body),
);
