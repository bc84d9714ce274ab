// GET /scim/v2/Schemas/{id} - one schema by its URN
import { schemas } from "@/lib/scim/discovery";
import { ScimError } from "@/lib/scim/errors";
import { scimRoute } from "@/lib/scim/handler";
import { scimBase } from "@/lib/scim/user-resource";

export const GET = scimRoute({ permission: "scim.read" }, async ({ url, params }) => {
  const found = schemas(scimBase(url)).find((s) => s.id === params.id);
  if (!found) throw new ScimError(404, `Schema ${params.id} not found`);
  return { status: 200, body: found };
});
