// POST /scim/v2/Bulk - declared unsupported (ServiceProviderConfig bulk.supported=false): 501 in SCIM's error shape
import { ScimError } from "@/lib/scim/errors";
import { scimRoute } from "@/lib/scim/handler";

export const POST = scimRoute({ permission: "scim.write" }, async () => {
  throw new ScimError(501, "Bulk operations are not supported; send one request per resource");
});
