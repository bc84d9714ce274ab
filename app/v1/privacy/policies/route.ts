// GET,PUT /v1/privacy/policies - gateway compliance policies (paged); PUT creates or replaces the policy of one scope (tenant, team, virtual_key).
import { pageQuery } from "@/lib/http/pagination";
import { route } from "@/lib/http/route";
import { listPolicies, policyPutSchema, putPolicy } from "@/lib/privacy/policies";

export const GET = route({ permission: "privacy.read", query: pageQuery }, async ({ tx, query }) => listPolicies(tx, query));

export const PUT = route({ permission: "privacy.write", body: policyPutSchema }, async ({ tx, actor, body }) => putPolicy(tx, actor, body));
