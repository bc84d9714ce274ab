// GET,POST /scim/v2/Groups - list and provision groups (Warden teams)
import { createGroup, listGroups } from "@/lib/scim/groups";
import { scimRoute } from "@/lib/scim/handler";

export const GET = scimRoute({ permission: "scim.read", resourceType: "Group" }, ({ tx, url }) => listGroups(tx, url));
export const POST = scimRoute({ permission: "scim.write", resourceType: "Group" }, ({ tx, actor, req, url }) =>
  createGroup(tx, actor, req, url),
);
