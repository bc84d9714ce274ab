// Bearer API-key authentication: hash the presented secret, find the key through the system
// path, compare the stored hash in constant time, check its state, build the Actor. A key of a
// person (created by them, or minted by SAML for them) acts for that person: it can only NARROW
// what the person holds now (custom role and team scope included), and dies with their account.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { hashToken, sameHash } from "@/lib/crypto/tokens";
import { WardenError } from "@/lib/errors";
import type { RequestIds } from "@/lib/http/request-context";
import { apiKeyByHash } from "@/lib/tenancy/system";
import { personAccess, narrowTo, type Person } from "@/lib/rbac/authorize";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import { effectivePermissions } from "./manage";
import { wellFormedApiKey } from "./secret";
import { keyState, keyUsable } from "./state";
import { log } from "@/lib/observability/log";

/** last_used_at is advisory: written at most once a minute per key, not on every request. */
const TOUCH_EVERY_MS = 60_000;

const invalid = () => new WardenError("invalid_credentials", "The credentials presented are not valid");

export async function authenticateApiKey(token: string, ids: RequestIds): Promise<Actor> {
  if (!wellFormedApiKey(token)) throw invalid();
  const hash = hashToken(token);
  const key = await apiKeyByHash(hash);
  if (!key || !sameHash(key.secretHash, hash)) throw invalid();
  // Revoked, expired and rotated-out keys all answer the same: no hint which one it was.
  if (!keyUsable(keyState(key))) throw invalid();
  // A key dies with its creator's account, even if the revocation at deactivation missed it.
  if (key.creatorActive === false) throw invalid();
  const person = await withTenant(key.tenantId, (tx) => personBehindKey(tx, key.id));
  if (person === "gone" || (person && !person.active)) throw invalid();
  await touch(key.id, key.tenantId, key.lastUsedAt);
  const own = await effectivePermissions(key.role, key.scopes);
  return {
    kind: "api_key",
    subject: key.id,
    ...(person ? { userId: person.id, email: person.email } : {}),
    tenantId: key.tenantId,
    tenantSlug: key.tenantSlug,
    role: key.role,
    permissions: person ? narrowTo(person.access, own) : own,
    ...(person?.access.scope ? { scope: person.access.scope } : {}),
    authMethod: key.source === "saml" ? "saml" : "api_key",
    mfa: false,
    requestId: ids.requestId,
    traceId: ids.traceId,
    displayName: key.name,
  };
}

const MAX_KEY_CHAIN = 5;

/**
 * The person a key acts for: its creator when that is a user (by id, or by e-mail for keys SAML
 * minted and keys a trusted proxy's person made), following keys minted by other keys. null for
 * keys with no person behind them (seeded or machine keys: they keep the key's own grant);
 * "gone" when the creator was a person who no longer exists, which fails closed.
 */
async function personBehindKey(tx: TenantTx, keyId: string): Promise<Person | null | "gone"> {
  let id = keyId;
  for (let hop = 0; hop < MAX_KEY_CHAIN; hop++) {
    const row = await tx.apiKey.findUnique({ where: { id }, select: { createdBy: true } });
    if (!row) return "gone";
    const by = row.createdBy;
    if (by.startsWith("key_")) {
      id = by;
      continue;
    }
    if (by.startsWith("usr_")) return (await personAccess(tx, { id: by })) ?? "gone";
    const email = by.startsWith("saml:") ? by.slice(5) : by;
    if (email.includes("@")) return personAccess(tx, { email });
    return null;
  }
  return "gone";
}

async function touch(id: string, tenantId: string, lastUsedAt: Date | null): Promise<void> {
  const now = Date.now();
  if (lastUsedAt && now - lastUsedAt.getTime() < TOUCH_EVERY_MS) return;
  const cutoff = new Date(now - TOUCH_EVERY_MS);
  try {
    // The condition makes concurrent requests (and other instances) write at most once.
    await withTenant(tenantId, (tx) =>
      tx.apiKey.updateMany({
        where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: cutoff } }] },
        data: { lastUsedAt: new Date(now) },
      }),
    );
  } catch (e) {
    log.warn({ api_key_id: id, err: e }, "could not record API key use");
  }
}
