// Bearer API-key authentication: hash the presented secret, find the key through the system
// path, compare the stored hash in constant time, check its state, build the Actor.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { WardenError } from "@/lib/errors";
import type { RequestIds } from "@/lib/http/request-context";
import { apiKeyByHash } from "@/lib/tenancy/system";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { effectivePermissions } from "./manage";
import { hashSecret, sameHash, wellFormedApiKey } from "./secret";
import { keyState, keyUsable } from "./state";

/** last_used_at is advisory: written at most once a minute per key, not on every request. */
const TOUCH_EVERY_MS = 60_000;

const invalid = () => new WardenError("invalid_credentials", "The credentials presented are not valid");

export async function authenticateApiKey(token: string, ids: RequestIds): Promise<Actor> {
  if (!wellFormedApiKey(token)) throw invalid();
  const hash = hashSecret(token);
  const key = await apiKeyByHash(hash);
  if (!key || !sameHash(key.secretHash, hash)) throw invalid();
  // Revoked, expired and rotated-out keys all answer the same: no hint which one it was.
  if (!keyUsable(keyState(key))) throw invalid();
  // A key dies with its creator's account, even if the revocation at deactivation missed it.
  if (key.creatorActive === false) throw invalid();
  await touch(key.id, key.tenantId, key.lastUsedAt);
  return {
    kind: "api_key",
    subject: key.id,
    tenantId: key.tenantId,
    tenantSlug: key.tenantSlug,
    role: key.role,
    permissions: await effectivePermissions(key.role, key.scopes),
    authMethod: key.source === "saml" ? "saml" : "api_key",
    mfa: false,
    requestId: ids.requestId,
    traceId: ids.traceId,
    displayName: key.name,
  };
}

async function touch(id: string, tenantId: string, lastUsedAt: Date | null): Promise<void> {
  const now = Date.now();
  if (lastUsedAt && now - lastUsedAt.getTime() < TOUCH_EVERY_MS) return;
  const cutoff = new Date(now - TOUCH_EVERY_MS);
  try {
    // The condition makes concurrent requests (and other instances) write at most once.
    await withTenant(tenantId, (tx) =>
      tx.apiKey.updateMany({ where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: cutoff } }] }, data: { lastUsedAt: new Date(now) } }),
    );
  } catch (e) {
    console.warn(`[warden] could not record API key use for ${id}: ${(e as Error).message}`);
  }
}
