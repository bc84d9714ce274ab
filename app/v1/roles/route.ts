// GET /v1/roles - list custom roles; POST /v1/roles - create one (never beyond your own permissions)
import { json, route } from "@/lib/http/route";
import { listOf, pageQuery } from "@/lib/paging";
import { createRole, listRoles, roleViewSchema } from "@/lib/rbac/custom-roles";
import { roleCreateSchema } from "@/lib/rbac/schemas";
import { approvalQuery, isHeld, orHeld } from "@/lib/monitoring/power";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    permission: "roles.read",
    summary: "List custom roles",
    description:
      "The tenant's custom roles with their permissions, team scope and how many people hold each (the built-in admin, developer and viewer are not listed).",
    query: pageQuery,
    response: listOf(roleViewSchema),
    example: { query: { limit: "20" } },
  },
  async ({ tx, query }) => listRoles(tx, query),
);

export const POST = route(
  {
    permission: "roles.write",
    summary: "Create a custom role",
    description:
      "A role never grants more than its creator holds, nor a wider team scope: such a request is refused with 403 and audited as privilege_escalation_attempt. A require_approval rule on admin_grant holds a change that grants admin-level permissions: 202 with the approval; repeat it with approval_id once another admin approved.",
    body: roleCreateSchema,
    query: approvalQuery,
    response: roleViewSchema,
    status: 201,
    errors: ["conflict"],
    example: {
      body: {
        name: "Budget Analyst",
        description: "Reads usage and budgets",
        permissions: ["dashboards.read", "usage.read", "governance.read"],
        resource_scope: null,
      },
    },
  },
  async ({ tx, actor, body, query }) => {
    const out = await createRole(tx, actor, body, query.approval_id);
    return isHeld(out) ? orHeld(out) : json(out, { status: 201 });
  },
);
