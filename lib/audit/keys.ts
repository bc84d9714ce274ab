// Audit keys. The chain key of a tenant is HKDF-SHA256(master, salt, tenant id + key id), so
// one leaked tenant key says nothing about another and rotation is a new key id: each entry
// records the id it was sealed with, and old masters stay available for verification.
//   WARDEN_AUDIT_KEY        base64 master for the current key id (required: fail closed)
//   WARDEN_AUDIT_KEY_ID     current key id (default "k1")
//   WARDEN_AUDIT_KEYS_JSON  {"k0":"<base64>", ...} retired masters, kept for verification
// A tenant with its own key (ADR 0035) seals new entries under key id "t.<current id>", whose chain
// key is HKDF-SHA256(tenant key, salt, tenant id + key id): shredding the tenant key destroys it.
// Entries sealed under a master key id keep verifying with the master.
import "server-only";
import { createHmac, hkdfSync } from "node:crypto";
import { loadedTenantKey } from "@/lib/crypto/secret-box";

const SALT = "warden-audit-chain-v1";

export class AuditKeyError extends Error {}

function decodeMaster(id: string, b64: string): Buffer {
  const buf = Buffer.from(b64, "base64");
  if (buf.length < 32) throw new AuditKeyError(`audit key ${id} must be at least 32 bytes (base64)`);
  return buf;
}

function masters(): { current: string; keys: Map<string, Buffer> } {
  const main = process.env.WARDEN_AUDIT_KEY;
  if (!main)
    throw new AuditKeyError("WARDEN_AUDIT_KEY is not set: the audit trail refuses to record or verify without its key");
  const current = process.env.WARDEN_AUDIT_KEY_ID || "k1";
  const keys = new Map<string, Buffer>();
  const old = process.env.WARDEN_AUDIT_KEYS_JSON;
  if (old) {
    let parsed: Record<string, string>;
    try {
      parsed = JSON.parse(old) as Record<string, string>;
    } catch {
      throw new AuditKeyError("WARDEN_AUDIT_KEYS_JSON is not valid JSON");
    }
    for (const [id, b64] of Object.entries(parsed)) keys.set(id, decodeMaster(id, b64));
  }
  keys.set(current, decodeMaster(current, main));
  return { current, keys };
}

const derived = new Map<string, Buffer>();
const pseudonymKeys = new Map<string, Buffer>();

/** The current key id new entries are sealed with. */
export function currentKeyId(): string {
  return masters().current;
}

/** The key id of new entries of a tenant whose key is loaded: derived from the tenant key. */
export function tenantChainKeyId(): string {
  return TENANT_KEY_PREFIX + currentKeyId();
}
export const TENANT_KEY_PREFIX = "t.";

/**
 * The chain key of `tenantId` under `keyId` (throws for an unknown key id, and for a tenant-key id
 * whose tenant key this process has not loaded: lib/crypto/tenant-key.ts).
 */
export function tenantKey(tenantId: string, keyId: string): Buffer {
  if (keyId.startsWith(TENANT_KEY_PREFIX)) {
    const m = loadedTenantKey(tenantId);
    if (!m) throw new AuditKeyError(`the tenant key of ${tenantId} is not loaded (or was shredded)`);
    const cacheKey = `${keyId}\u0000${m.fingerprint}\u0000${tenantId}`;
    let key = derived.get(cacheKey);
    if (!key) {
      key = Buffer.from(hkdfSync("sha256", m.key, SALT, `${tenantId}:${keyId}`, 32));
      derived.set(cacheKey, key);
    }
    return key;
  }
  const { keys } = masters();
  const master = keys.get(keyId);
  if (!master) throw new AuditKeyError(`unknown audit key id ${keyId}`);
  const cacheKey = `${keyId}\u0000${master.toString("base64")}\u0000${tenantId}`;
  let key = derived.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", master, SALT, `${tenantId}:${keyId}`, 32));
    derived.set(cacheKey, key);
  }
  return key;
}

/** Drops the derived keys of a tenant whose key was shredded. */
export function forgetDerivedKeys(tenantId: string): void {
  for (const k of derived.keys()) if (k.endsWith(`\u0000${tenantId}`)) derived.delete(k);
  pseudonymKeys.delete(`tenant\u0000${tenantId}`);
}

/**
 * A stable pseudonym for something personal (an e-mail typed at a failed login, an IP). Needs the
 * tenant's key loaded (lib/crypto/tenant-key.ts): a tenant created with its key derives it from
 * that key; a tenant whose key was created later (legacy) keeps the key id "pseudonym" branch of
 * the FIRST configured master, so its refs stay stable for the life of the deployment.
 */
export function pseudonym(tenantId: string, kind: string, value: string): string {
  const m = loadedTenantKey(tenantId);
  if (!m) throw new AuditKeyError(`the tenant key of ${tenantId} is not loaded: pseudonyms need it`);
  if (!m.legacy) {
    const cacheKey = `tenant\u0000${tenantId}`;
    let key = pseudonymKeys.get(cacheKey);
    if (!key) {
      key = Buffer.from(hkdfSync("sha256", m.key, SALT, `${tenantId}:pseudonym`, 32));
      pseudonymKeys.set(cacheKey, key);
    }
    return createHmac("sha256", key).update(`${kind}:${value}`).digest("hex").slice(0, 32);
  }
  const { keys } = masters();
  const master = keys.get(process.env.WARDEN_AUDIT_PSEUDONYM_KEY_ID || "k1") ?? [...keys.values()][0];
  const cacheKey = `${master.toString("base64")}\u0000${tenantId}`;
  let key = pseudonymKeys.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", master, SALT, `${tenantId}:pseudonym`, 32));
    pseudonymKeys.set(cacheKey, key);
  }
  return createHmac("sha256", key).update(`${kind}:${value}`).digest("hex").slice(0, 32);
}
