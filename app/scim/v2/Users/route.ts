// GET,POST /scim/v2/Users - list (filter, paging, attributes) and provision users
import { scimRoute } from "@/lib/scim/handler";
import { createUser, listUsers } from "@/lib/scim/users";

export const GET = scimRoute({ permission: "scim.read", resourceType: "User" }, ({ tx, url }) => listUsers(tx, url));
export const POST = scimRoute({ permission: "scim.write", resourceType: "User" }, ({ tx, actor, req, url }) =>
  createUser(tx, actor, req, url),
);
