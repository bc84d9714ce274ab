// POST /v1/auth/saml/{tenant}/acs - SAML assertion consumer (HTTP-POST binding): API key or console session
import { handleSamlAcs } from "@/lib/auth/saml/acs";
import { readSamlForm } from "@/lib/auth/saml/form";
import { publicBaseUrl } from "@/lib/auth/saml/metadata";
import { samlApiKeySchema } from "@/lib/auth/saml/outcomes";
import { samlOutcomes } from "@/lib/auth/saml/wiring";
import { clientIp } from "@/lib/http/client-ip";
import { publicRoute } from "@/lib/http/route";

export const POST = publicRoute(
  async ({ req, params, ids }) =>
    handleSamlAcs(
      {
        tenantSlug: params.tenant ?? "",
        form: () => readSamlForm(req),
        baseUrl: publicBaseUrl(req.url),
        requestId: ids.requestId,
        ip: clientIp(req.headers),
        userAgent: req.headers.get("user-agent"),
      },
      samlOutcomes,
    ),
  {
    summary: "SAML assertion consumer (HTTP-POST binding): an API key for purpose api, a console session for browser",
    description:
      "A form post (application/x-www-form-urlencoded) with SAMLResponse and RelayState from the identity provider. " +
      "For an API sign-in it answers the minted key as JSON; for a browser sign-in it redirects (303) into the console.",
    response: samlApiKeySchema,
    errors: ["invalid_credentials", "not_found", "rate_limited", "unsupported_media_type", "payload_too_large"],
  },
);
