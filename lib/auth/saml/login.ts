// Starting a SAML login (SP-initiated, HTTP-Redirect binding): Warden records a one-time
// RelayState bound to the AuthnRequest id and sends the browser to the IdP. The ACS later
// accepts only a response that returns that RelayState (and, if present, that InResponseTo).
import "server-only";
import { randomBytes } from "node:crypto";
import { SAML } from "@node-saml/node-saml";
import type { Database } from "@/lib/db/runtime";
import { WardenError } from "@/lib/errors";
import { tenantBySlug } from "@/lib/tenancy/system";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { spEndpoints } from "./metadata";
import { samlProviderFor } from "./provider";
import { issueRelayState } from "./stores";
import type { RelayStateRecord } from "./types";

export async function startSamlLogin(
  input: { tenantSlug: string; purpose: RelayStateRecord["purpose"]; baseUrl: string },
  db?: Database,
): Promise<string> {
  const tenant = await tenantBySlug(input.tenantSlug, db);
  const notConfigured = new WardenError("not_found", "SAML is not configured for this tenant");
  if (!tenant) throw notConfigured;
  const sp = spEndpoints(input.baseUrl, tenant.slug);
  return withTenant(
    tenant.id,
    async (tx) => {
      const settings = await samlProviderFor(tx, tenant.slug);
      if (!settings) throw notConfigured;
      const requestId = `_${randomBytes(20).toString("hex")}`;
      const relayState = await issueRelayState(tx, { purpose: input.purpose, requestId });
      const saml = new SAML({
        entryPoint: settings.ssoUrl,
        callbackUrl: sp.acsUrl,
        issuer: sp.spEntityId,
        idpCert: settings.certificatePem,
        generateUniqueId: () => requestId,
        disableRequestedAuthnContext: true,
      });
      return saml.getAuthorizeUrlAsync(relayState, undefined, {});
    },
    { db },
  );
}
