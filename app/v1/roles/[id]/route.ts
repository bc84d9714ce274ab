// GET, PATCH, DELETE /v1/roles/{id} - one custom role
import { route } from "@/lib/http/route";
import { deleteRole, getRoleOrThrow, roleView, updateRole } from "@/lib/rbac/custom-roles";
import { roleUpdateSchema } from "@/lib/rbac/schemas";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "roles.read" }, async ({ tx, params }) => roleView(await getRoleOrThrow(tx, params.id)));

export const PATCH = route({ permission: "roles.write", body: roleUpdateSchema }, async ({ tx, actor, params, body }) =>
  updateRole(tx, actor, params.id, body),
);

export const DELETE = route({ permission: "roles.write" }, async ({ tx, actor, params }) => deleteRole(tx, actor, params.id));
