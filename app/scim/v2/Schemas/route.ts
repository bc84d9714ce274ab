// GET /scim/v2/Schemas - the User and Group schemas
import { schemas } from "@/lib/scim/discovery";
import { scimRoute } from "@/lib/scim/handler";
import { listResponse } from "@/lib/scim/list";
import { scimBase } from "@/lib/scim/user-resource";

export const GET = scimRoute({ permission: "scim.read" }, async ({ url }) => {
  const all = schemas(scimBase(url));
  return { status: 200, body: listResponse(all, all.length, 1) };
});
