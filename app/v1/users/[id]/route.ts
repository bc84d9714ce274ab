// GET, PATCH /v1/users/{id} - one user: role, custom role, active
import { route } from "@/lib/http/route";
import { userUpdateSchema } from "@/lib/rbac/schemas";
import { getUserOrThrow, updateUser, userView } from "@/lib/users/users";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "users.read" }, async ({ tx, actor, params }) => userView(await getUserOrThrow(tx, actor, params.id)));

export const PATCH = route({ permission: "users.write", body: userUpdateSchema }, async ({ tx, actor, params, body }) =>
  updateUser(tx, actor, params.id, body),
);
