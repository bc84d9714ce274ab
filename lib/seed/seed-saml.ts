// Demo SAML history: one consumed RelayState and one remembered assertion id per tenant, as a
// completed SAML login leaves behind. Neither can be used again (consumed, and replay records
// only refuse). Fixed ids keep the seed idempotent.
import { createHash } from "node:crypto";
import { type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";

export async function seedSaml(tx: TenantTx, slug: string): Promise<void> {
  const tenantId = await tenantIdOf(tx);
  const past = new Date(Date.now() - 3_600_000);
  await tx.samlRelayState.upsert({
    where: { id: `srs_seed_${slug}` },
    update: {},
    create: {
      id: `srs_seed_${slug}`,
      tenantId,
      stateHash: createHash("sha256").update(`seed-relay-state-${slug}`).digest("hex"),
      purpose: "api",
      expiresAt: past,
      consumedAt: past,
    },
  });
  await tx.samlReplay.upsert({
    where: { id: `srp_seed_${slug}` },
    update: {},
    create: {
      id: `srp_seed_${slug}`,
      tenantId,
      assertionId: `_seed_${slug}_assertion`,
      expiresAt: new Date(Date.now() + 365 * 86_400_000),
    },
  });
}
