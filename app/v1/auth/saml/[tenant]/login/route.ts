// GET /v1/auth/saml/{tenant}/login?purpose=api|browser - starts an SP-initiated SAML login (redirect to the IdP)
import { z } from "zod";
import { startSamlLogin } from "@/lib/auth/saml/login";
import { publicBaseUrl } from "@/lib/auth/saml/metadata";
import { throttleSignInStart } from "@/lib/auth/sso/throttle";
import { clientIp } from "@/lib/http/client-ip";
import { publicRoute } from "@/lib/http/route";

const query = z.object({ purpose: z.enum(["api", "browser"]).default("browser") });

export const GET = publicRoute(async ({ req, params }) => {
  const { purpose } = query.parse(Object.fromEntries(new URL(req.url).searchParams));
  // Each start writes a RelayState row: limited per client (never per person).
  await throttleSignInStart(clientIp(req.headers));
  const location = await startSamlLogin({ tenantSlug: params.tenant ?? "", purpose, baseUrl: publicBaseUrl(req.url) });
  return new Response(null, { status: 302, headers: { location, "cache-control": "no-store" } });
});
