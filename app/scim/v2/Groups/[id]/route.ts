// GET,PUT,PATCH,DELETE /scim/v2/Groups/{id} - one group and its members (ETag / If-Match)
import { deleteGroup, getGroup, patchGroup, replaceGroup } from "@/lib/scim/groups";
import { scimRoute } from "@/lib/scim/handler";

const decl = { resourceType: "Group" } as const;
export const GET = scimRoute({ ...decl, permission: "scim.read" }, ({ tx, req, url, params }) =>
  getGroup(tx, req, url, params.id),
);
export const PUT = scimRoute({ ...decl, permission: "scim.write" }, ({ tx, actor, req, url, params }) =>
  replaceGroup(tx, actor, req, url, params.id),
);
export const PATCH = scimRoute({ ...decl, permission: "scim.write" }, ({ tx, actor, req, url, params }) =>
  patchGroup(tx, actor, req, url, params.id),
);
export const DELETE = scimRoute({ ...decl, permission: "scim.write" }, ({ tx, actor, req, params }) =>
  deleteGroup(tx, actor, req, params.id),
);
