// POST /v1/auth/saml/{tenant}/acs - SAML assertion consumer (HTTP-POST binding): API key or console session
import { handleSamlAcs } from "@/lib/auth/saml/acs";
import { readSamlForm } from "@/lib/auth/saml/form";
import { publicBaseUrl } from "@/lib/auth/saml/metadata";
import { samlOutcomes } from "@/lib/auth/saml/wiring";
import { clientIp } from "@/lib/http/client-ip";
import { publicRoute } from "@/lib/http/route";

export const POST = publicRoute(async ({ req, params, ids }) => {
  return handleSamlAcs(
    {
      tenantSlug: params.tenant ?? "",
      form: () => readSamlForm(req),
      baseUrl: publicBaseUrl(req.url),
      requestId: ids.requestId,
      ip: clientIp(req.headers),
    },
    samlOutcomes,
  );
});
