// GET /v1/auth/saml/{tenant}/metadata - SAML SP metadata for one tenant (entity id, ACS, signed assertions wanted)
import { spEndpoints, publicBaseUrl, spMetadataXml } from "@/lib/auth/saml/metadata";
import { WardenError } from "@/lib/errors";
import { publicRoute } from "@/lib/http/route";
import { tenantBySlug } from "@/lib/tenancy/system";

export const GET = publicRoute(
  async ({ req, params }) => {
    const tenant = await tenantBySlug(params.tenant ?? "");
    if (!tenant) throw new WardenError("not_found", "Unknown tenant");
    const xml = spMetadataXml(spEndpoints(publicBaseUrl(req.url), tenant.slug));
    return new Response(xml, { headers: { "content-type": "application/samlmetadata+xml; charset=utf-8" } });
  },
  {
    summary: "SAML service-provider metadata for one tenant (entity id, ACS URL, signed assertions wanted)",
    response: { contentType: "application/samlmetadata+xml", description: "The SP metadata document" },
    errors: ["not_found"],
    example: { params: { tenant: "acme" } },
  },
);
