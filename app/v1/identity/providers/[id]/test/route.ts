// POST /v1/identity/providers/{id}/test - fetch the provider's OIDC discovery and report problems.
import { route } from "@/lib/http/route";
import { getProviderOrThrow } from "@/lib/identity/providers";
import { testOidcDiscovery } from "@/lib/identity/test-connection";
import { withTenant } from "@/lib/tenancy/with-tenant";

// The network call runs outside any transaction: read the issuer first, then fetch.
export const POST = route({ permission: "identity.write", tenantTx: false }, async ({ actor, params }) => {
  const row = await withTenant(actor, (tx) => getProviderOrThrow(tx, params.id));
  if (row.type === "saml") return { ok: false, message: "Connection tests cover OIDC providers; SAML is checked on the first sign-in", checks: [] };
  return testOidcDiscovery(row.issuer);
});
