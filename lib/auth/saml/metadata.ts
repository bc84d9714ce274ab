// SP endpoints and metadata for one tenant. The entity id is the metadata URL (a common SAML
// convention that makes the entity id resolvable) and the ACS is the POST binding endpoint.
import "server-only";
import { generateServiceProviderMetadata } from "@node-saml/node-saml";

export interface SpEndpoints {
  spEntityId: string;
  acsUrl: string;
}

/** Public base URL: AUTH_URL (set by the demo and in production), else the request's origin. */
export function publicBaseUrl(requestUrl?: string): string {
  const configured = process.env.WARDEN_PUBLIC_URL ?? process.env.AUTH_URL;
  const base = configured ?? (requestUrl ? new URL(requestUrl).origin : "http://localhost:3000");
  return base.replace(/\/+$/, "");
}

export function spEndpoints(baseUrl: string, tenantSlug: string): SpEndpoints {
  const root = `${baseUrl.replace(/\/+$/, "")}/v1/auth/saml/${encodeURIComponent(tenantSlug)}`;
  return { spEntityId: `${root}/metadata`, acsUrl: `${root}/acs` };
}

export function spMetadataXml(endpoints: SpEndpoints): string {
  return generateServiceProviderMetadata({
    issuer: endpoints.spEntityId,
    callbackUrl: endpoints.acsUrl,
    wantAssertionsSigned: true,
    identifierFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
  });
}
