// GET /v1/users - list users (within your team scope); POST /v1/users - create a user with a role
import { json, route } from "@/lib/http/route";
import { readPage } from "@/lib/http/pagination";
import { userCreateSchema } from "@/lib/rbac/schemas";
import { createUser, listUsers } from "@/lib/users/users";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "users.read" }, async ({ req, tx, actor }) => listUsers(tx, actor, readPage(req)));

export const POST = route({ permission: "users.write", body: userCreateSchema }, async ({ tx, actor, body }) =>
  json(await createUser(tx, actor, body), { status: 201 }),
);
