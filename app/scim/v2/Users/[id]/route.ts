// GET,PUT,PATCH,DELETE /scim/v2/Users/{id} - one user (ETag / If-Match)
import { scimRoute } from "@/lib/scim/handler";
import { deleteUser, getUser, patchUser, replaceUser } from "@/lib/scim/users";

const decl = { resourceType: "User" } as const;
export const GET = scimRoute({ ...decl, permission: "scim.read" }, ({ tx, req, url, params }) =>
  getUser(tx, req, url, params.id),
);
export const PUT = scimRoute({ ...decl, permission: "scim.write" }, ({ tx, actor, req, url, params }) =>
  replaceUser(tx, actor, req, url, params.id),
);
export const PATCH = scimRoute({ ...decl, permission: "scim.write" }, ({ tx, actor, req, url, params }) =>
  patchUser(tx, actor, req, url, params.id),
);
export const DELETE = scimRoute({ ...decl, permission: "scim.write" }, ({ tx, actor, req, params }) =>
  deleteUser(tx, actor, req, params.id),
);
