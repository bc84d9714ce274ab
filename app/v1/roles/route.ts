// GET /v1/roles - list custom roles; POST /v1/roles - create one (never beyond your own permissions)
import { json, route } from "@/lib/http/route";
import { pageQuery } from "@/lib/http/pagination";
import { createRole, listRoles } from "@/lib/rbac/custom-roles";
import { roleCreateSchema } from "@/lib/rbac/schemas";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "roles.read", query: pageQuery }, async ({ tx, query }) => listRoles(tx, query));

export const POST = route({ permission: "roles.write", body: roleCreateSchema }, async ({ tx, actor, body }) =>
  json(await createRole(tx, actor, body), { status: 201 }),
);
