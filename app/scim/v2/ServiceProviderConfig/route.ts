// GET /scim/v2/ServiceProviderConfig - what this SCIM service supports (bulk: no)
import { serviceProviderConfig } from "@/lib/scim/discovery";
import { scimRoute } from "@/lib/scim/handler";
import { scimBase } from "@/lib/scim/user-resource";

export const GET = scimRoute({ permission: "scim.read" }, async ({ url }) => ({
  status: 200,
  body: serviceProviderConfig(scimBase(url)),
}));
