// GET /v1/auth/saml/{tenant}/login?purpose=api|browser - starts an SP-initiated SAML login (redirect to the IdP)
import { z } from "zod";
import { startSamlLogin } from "@/lib/auth/saml/login";
import { publicBaseUrl } from "@/lib/auth/saml/metadata";
import { throttleSignInStart } from "@/lib/auth/sso/throttle";
import { clientIp } from "@/lib/http/client-ip";
import { parseQuery, publicRoute } from "@/lib/http/route";

const query = z.object({
  purpose: z
    .enum(["api", "browser"])
    .default("browser")
    .describe("api: the assertion mints an API key; browser: a console session"),
});

export const GET = publicRoute(
  async ({ req, params }) => {
    const { purpose } = parseQuery(query, req.url);
    // Each start writes a RelayState row: limited per client (never per person).
    await throttleSignInStart(clientIp(req.headers));
    const location = await startSamlLogin({
      tenantSlug: params.tenant ?? "",
      purpose,
      baseUrl: publicBaseUrl(req.url),
    });
    return new Response(null, { status: 302, headers: { location, "cache-control": "no-store" } });
  },
  {
    summary: "Start an SP-initiated SAML sign-in: a redirect to the tenant's identity provider",
    query,
    status: 302,
    response: { contentType: "text/plain", description: "No body; Location is the identity provider's sign-in URL" },
    errors: ["not_found", "rate_limited"],
    example: { params: { tenant: "acme" }, query: { purpose: "api" } },
  },
);
