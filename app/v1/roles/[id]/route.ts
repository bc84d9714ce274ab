// GET, PATCH, DELETE /v1/roles/{id} - one custom role
import { route } from "@/lib/http/route";
import {
  deleteRole,
  getRoleOrThrow,
  roleDeletedSchema,
  roleView,
  roleViewSchema,
  updateRole,
} from "@/lib/rbac/custom-roles";
import { roleUpdateSchema } from "@/lib/rbac/schemas";
import { approvalQuery, orHeld } from "@/lib/monitoring/power";

export const dynamic = "force-dynamic";

const params = { id: "role_0123456789abcdef" };

export const GET = route(
  {
    permission: "roles.read",
    summary: "Get a custom role",
    response: roleViewSchema,
    errors: ["not_found"],
    example: { params },
  },
  async ({ tx, params }) => roleView(await getRoleOrThrow(tx, params.id)),
);

export const PATCH = route(
  {
    permission: "roles.write",
    summary: "Update a custom role",
    description:
      "The whole resulting role must fit inside your own permissions and scope (else 403, audited). Its holders get the new permissions on their next request. A require_approval rule on admin_grant holds a change that grants admin-level permissions: 202 with the approval; repeat it with approval_id once another admin approved.",
    body: roleUpdateSchema,
    query: approvalQuery,
    response: roleViewSchema,
    errors: ["not_found", "conflict"],
    example: { params, body: { description: "Reads usage, budgets and reports" } },
  },
  async ({ tx, actor, params, body, query }) => orHeld(await updateRole(tx, actor, params.id, body, query.approval_id)),
);

export const DELETE = route(
  {
    permission: "roles.write",
    summary: "Delete a custom role",
    description: "Its holders fall back to their built-in role.",
    response: roleDeletedSchema,
    errors: ["not_found"],
    example: { params },
  },
  async ({ tx, actor, params }) => deleteRole(tx, actor, params.id),
);
