// Each demo tenant signs in through the local demo IdP (lib/idp-local). The seeded row is kept
// pointing at the IdP's current issuer and client secret (both derive from the environment:
// WARDEN_LOCAL_IDP_PORT and AUTH_SECRET) and serves the tenant's domains; other rows an admin
// creates are never touched. Demo people are linked to their local-IdP subject (user_identities),
// as their first sign-in would link them.
import { openSecret, sealSecret } from "@/lib/crypto/secret-box";
import { tenantKeyFor } from "@/lib/crypto/tenant-key";
import { localSubject } from "@/lib/idp-local/accounts";
import { localIdpClients, localIdpIssuer } from "@/lib/idp-local/clients";
import { type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";

export const LOCAL_IDP_NAME = "Demo IdP (local)";

export async function seedLocalIdp(tx: TenantTx, slug: string, domains: string[], emails: string[]): Promise<void> {
  const tenantId = await tenantIdOf(tx);
  const client = localIdpClients().find((c) => c.tenant === slug);
  if (!client) return;
  const issuer = localIdpIssuer();
  const tk = await tenantKeyFor(tx);
  const existing = await tx.identityProvider.findUnique({
    where: { tenantId_name: { tenantId, name: LOCAL_IDP_NAME } },
  });
  let idpId = existing?.id;
  if (existing) {
    let same = false;
    try {
      same =
        existing.issuer === issuer &&
        existing.clientId === client.clientId &&
        !!existing.clientSecretSealed &&
        openSecret(existing.clientSecretSealed) === client.clientSecret;
    } catch {
      same = false; // sealed under an older key: reseal below
    }
    if (!same)
      await tx.identityProvider.update({
        where: { id: existing.id },
        data: { issuer, clientId: client.clientId, clientSecretSealed: sealSecret(client.clientSecret, tk) },
      });
    // Rows seeded before linking had no domains; an admin's later choice is kept.
    if (existing.emailDomains.length === 0)
      await tx.identityProvider.update({ where: { id: existing.id }, data: { emailDomains: domains } });
  } else {
    const row = await tx.identityProvider.create({
      data: {
        tenantId,
        type: "oidc",
        name: LOCAL_IDP_NAME,
        enabled: true,
        issuer,
        clientId: client.clientId,
        clientSecretSealed: sealSecret(client.clientSecret, tk),
        emailDomains: domains,
      },
    });
    idpId = row.id;
  }
  const users = await tx.user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true } });
  for (const u of users) {
    const subject = localSubject(slug, u.email);
    await tx.userIdentity.upsert({
      where: { tenantId_providerId_subject: { tenantId, providerId: idpId!, subject } },
      update: {},
      create: { tenantId, providerId: idpId!, subject, userId: u.id, linkedBy: "seed" },
    });
  }
}
