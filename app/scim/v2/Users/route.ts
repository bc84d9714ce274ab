// GET,POST /scim/v2/Users - list (filter, paging, attributes) and provision users
import { scimRoute } from "@/lib/scim/handler";
import { createScimUser, listScimUsers } from "@/lib/scim/users";

export const GET = scimRoute({ permission: "scim.read", resourceType: "User" }, ({ tx, url }) =>
  listScimUsers(tx, url),
);
export const POST = scimRoute({ permission: "scim.write", resourceType: "User" }, ({ tx, actor, req, url }) =>
  createScimUser(tx, actor, req, url),
);
