// Demo API keys: history only (one revoked, one expired key per tenant). No usable key is
// seeded, because a seeded secret would be a fixed, public credential. The hashes are of
// random bytes, so these rows can never authenticate.
import { unusableHash } from "@/lib/crypto/tokens";
import { type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";

const DAY = 86_400_000;

export async function seedApiKeys(tx: TenantTx, slug: string): Promise<void> {
  const tenantId = await tenantIdOf(tx);
  const now = Date.now();
  const rows = [
    {
      id: `key_seed_${slug}_revoked`,
      name: "Old CI deploy key",
      role: "developer",
      createdAt: now - 60 * DAY,
      expiresAt: now + 30 * DAY,
      revokedAt: now - 20 * DAY,
    },
    {
      id: `key_seed_${slug}_expired`,
      name: "Quarterly report export",
      role: "viewer",
      createdAt: now - 120 * DAY,
      expiresAt: now - 30 * DAY,
      revokedAt: null,
    },
  ];
  for (const r of rows) {
    const secretHash = unusableHash();
    await tx.apiKey.upsert({
      where: { id: r.id },
      update: {},
      create: {
        id: r.id,
        tenantId,
        name: r.name,
        prefix: `wdn_${secretHash.slice(0, 6)}`,
        secretHash,
        role: r.role,
        source: "console",
        createdBy: "seed",
        createdAt: new Date(r.createdAt),
        expiresAt: new Date(r.expiresAt),
        revokedAt: r.revokedAt ? new Date(r.revokedAt) : null,
      },
    });
  }
}
