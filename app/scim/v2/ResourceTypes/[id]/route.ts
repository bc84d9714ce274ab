// GET /scim/v2/ResourceTypes/{id} - User or Group
import { resourceTypes } from "@/lib/scim/discovery";
import { ScimError } from "@/lib/scim/errors";
import { scimRoute } from "@/lib/scim/handler";
import { scimBase } from "@/lib/scim/user-resource";

export const GET = scimRoute({ permission: "scim.read" }, async ({ url, params }) => {
  const found = resourceTypes(scimBase(url)).find((r) => r.id === params.id);
  if (!found) throw new ScimError(404, `Resource type ${params.id} not found`);
  return { status: 200, body: found };
});
