// GET,PUT,PATCH,DELETE /scim/v2/Users/{id} - one user (ETag / If-Match)
import { scimRoute } from "@/lib/scim/handler";
import { deleteScimUser, getScimUser, patchScimUser, replaceScimUser } from "@/lib/scim/users";

const decl = { resourceType: "User" } as const;
export const GET = scimRoute({ ...decl, permission: "scim.read" }, ({ tx, req, url, params }) =>
  getScimUser(tx, req, url, params.id),
);
export const PUT = scimRoute({ ...decl, permission: "scim.write" }, ({ tx, actor, req, url, params }) =>
  replaceScimUser(tx, actor, req, url, params.id),
);
export const PATCH = scimRoute({ ...decl, permission: "scim.write" }, ({ tx, actor, req, url, params }) =>
  patchScimUser(tx, actor, req, url, params.id),
);
export const DELETE = scimRoute({ ...decl, permission: "scim.write" }, ({ tx, actor, req, params }) =>
  deleteScimUser(tx, actor, req, params.id),
);
