// Each demo tenant signs in through the local demo IdP (lib/idp-local). The seeded row is kept
// pointing at the IdP's current issuer and client secret (both derive from the environment:
// WARDEN_LOCAL_IDP_PORT and AUTH_SECRET); other rows an admin creates are never touched.
import { openSecret, sealSecret } from "@/lib/crypto/secret-box";
import { localIdpClients, localIdpIssuer } from "@/lib/idp-local/clients";
import type { TenantTx } from "@/lib/tenancy/with-tenant";

export const LOCAL_IDP_NAME = "Demo IdP (local)";

export async function seedLocalIdp(tx: TenantTx, tenantId: string, slug: string): Promise<void> {
  const client = localIdpClients().find((c) => c.tenant === slug);
  if (!client) return;
  const issuer = localIdpIssuer();
  const existing = await tx.identityProvider.findUnique({ where: { tenantId_name: { tenantId, name: LOCAL_IDP_NAME } } });
  if (existing) {
    let same = false;
    try {
      same = existing.issuer === issuer && existing.clientId === client.clientId && !!existing.clientSecretSealed && openSecret(existing.clientSecretSealed) === client.clientSecret;
    } catch {
      same = false; // sealed under an older key: reseal below
    }
    if (!same) await tx.identityProvider.update({ where: { id: existing.id }, data: { issuer, clientId: client.clientId, clientSecretSealed: sealSecret(client.clientSecret) } });
    return;
  }
  await tx.identityProvider.create({
    data: { tenantId, type: "oidc", name: LOCAL_IDP_NAME, enabled: true, issuer, clientId: client.clientId, clientSecretSealed: sealSecret(client.clientSecret), emailDomains: [] },
  });
}
