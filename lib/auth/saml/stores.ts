// Database-backed one-time stores for the ACS, used inside the tenant transaction (RLS applies).
// Both are single statements, so two concurrent requests cannot both win: the replay insert
// relies on the (tenant_id, assertion_id) unique key, the RelayState consume on a guarded UPDATE.
import "server-only";
import { hashToken, mintToken } from "@/lib/crypto/tokens";
import { type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";
import type { RelayStateRecord, SamlRelayStateStore, SamlReplayStore } from "./types";

export const RELAY_STATE_TTL_SECONDS = 600;

export function dbReplayStore(tx: TenantTx): SamlReplayStore {
  return {
    async seen(assertionId, notOnOrAfter) {
      const tenantId = await tenantIdOf(tx);
      // Expired ids can be forgotten: such an assertion fails the time checks anyway.
      await tx.samlReplay.deleteMany({ where: { tenantId, expiresAt: { lt: new Date() } } });
      const { count } = await tx.samlReplay.createMany({
        data: [{ tenantId, assertionId, expiresAt: notOnOrAfter }],
        skipDuplicates: true,
      });
      return count === 0;
    },
  };
}

export function dbRelayStateStore(tx: TenantTx): SamlRelayStateStore {
  return {
    async consume(value) {
      if (!value || value.length > 512) return null;
      const tenantId = await tenantIdOf(tx);
      const stateHash = hashToken(value);
      const now = new Date();
      const { count } = await tx.samlRelayState.updateMany({
        where: { tenantId, stateHash, consumedAt: null, expiresAt: { gt: now } },
        data: { consumedAt: now },
      });
      if (count !== 1) return null;
      const row = await tx.samlRelayState.findUniqueOrThrow({ where: { tenantId_stateHash: { tenantId, stateHash } } });
      return { purpose: row.purpose === "browser" ? "browser" : "api", requestId: row.requestId };
    },
  };
}

/** Issues a RelayState for a login that Warden starts; returns the value to send to the IdP. */
export async function issueRelayState(
  tx: TenantTx,
  record: RelayStateRecord,
  ttlSeconds = RELAY_STATE_TTL_SECONDS,
): Promise<string> {
  const tenantId = await tenantIdOf(tx);
  const { token: value, hash } = mintToken();
  await tx.samlRelayState.create({
    data: {
      tenantId,
      stateHash: hash,
      purpose: record.purpose,
      requestId: record.requestId ?? null,
      expiresAt: new Date(Date.now() + ttlSeconds * 1000),
    },
  });
  return value;
}
