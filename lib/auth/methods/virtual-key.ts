// x-bf-vk virtual key (gateway surface only). The key's tenant comes from the hash lookup in
// the narrow system path; whether the key is revoked, expired or allowed anything is decided
// by the gateway inside the tenant transaction (so a revoked key gets 403, an unknown one 401).
import "server-only";
import { WardenError } from "@/lib/errors";
import { hashToken } from "@/lib/crypto/tokens";
import { virtualKeyByHash, type VirtualKeyRef } from "@/lib/tenancy/system";
import type { AuthMethodResolver } from "./types";

const NO_PERMISSIONS = new Set<never>();
// hash -> (key id, tenant) never changes for a key, so a found mapping may be cached; whether
// the key is still usable (revoked, expired, deleted) is decided per request in the tenant
// transaction. Unknown hashes are never cached.
const known = new Map<string, VirtualKeyRef>();
const KNOWN_MAX = 10_000;

export const resolveVirtualKey: AuthMethodResolver = async ({ headers, ids }) => {
  const secret = headers.get("x-bf-vk")?.trim();
  if (secret === undefined) return null;
  const hash = secret ? hashToken(secret) : "";
  let ref = known.get(hash) ?? null;
  if (!ref && secret) {
    ref = await virtualKeyByHash(hash);
    if (ref) {
      if (known.size >= KNOWN_MAX) known.clear();
      known.set(hash, ref);
    }
  }
  if (!ref) throw new WardenError("virtual_key_not_found", "The virtual key is not valid");
  return {
    kind: "virtual_key",
    subject: ref.id,
    tenantId: ref.tenantId,
    tenantSlug: ref.tenantSlug,
    role: "virtual_key",
    permissions: NO_PERMISSIONS,
    authMethod: "virtual_key",
    mfa: false,
    requestId: ids.requestId,
    traceId: ids.traceId,
  };
};
