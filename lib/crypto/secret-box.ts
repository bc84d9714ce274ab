// Secrets at rest (IdP client secrets, upstream provider keys, channel and stream secrets, stored
// bodies): AES-256-GCM. Two sealed forms (base64url parts):
//   v1.<keyId>.<iv>.<tag>.<ciphertext>             under the master WARDEN_ENCRYPTION_KEY (base64,
//                                                  32 bytes); still opened, no longer written for a
//                                                  tenant whose key is loaded
//   v2.<tenantId>.<fp>.<iv>.<tag>.<ciphertext>     under a key derived from the tenant's own key
//                                                  (ADR 0035), so shredding that key makes them
//                                                  unreadable; the tenant id is bound in the AAD
// The key id / fingerprint names the key, so a value sealed under another key fails with a clear
// message instead of garbage. The tenant key itself is stored wrapped under the master key
// (wrapTenantKey, "w1.…"); lib/crypto/tenant-key.ts loads it and keeps it here, per process.
import "server-only";
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretBoxError";
  }
}

interface Key {
  id: string;
  bytes: Buffer;
}

function loadKey(env: NodeJS.ProcessEnv = process.env): Key {
  const raw = env.WARDEN_ENCRYPTION_KEY?.trim();
  if (!raw)
    throw new SecretBoxError(
      "WARDEN_ENCRYPTION_KEY is not set: secrets cannot be encrypted or decrypted (generate one with `openssl rand -base64 32`)",
    );
  const bytes = Buffer.from(raw, "base64");
  if (bytes.length !== 32)
    throw new SecretBoxError(`WARDEN_ENCRYPTION_KEY must be 32 bytes of base64 (got ${bytes.length} bytes)`);
  const id = createHash("sha256").update("warden-secret-box").update(bytes).digest("base64url").slice(0, 8);
  return { id, bytes };
}

const AAD = Buffer.from("warden:secret-box:v1");

/** A tenant's key, unwrapped (lib/crypto/tenant-key.ts loads it). Never logged, never returned by an API. */
export interface TenantKeyMaterial {
  tenantId: string;
  /** The 32 random bytes. */
  key: Buffer;
  /** sha256 of the key under a context string: names the key in sealed values and certificates. */
  fingerprint: string;
  /** Created lazily for a tenant older than tenant keys (its pseudonyms stay master-derived). */
  legacy: boolean;
  /** The AES key for v2 sealed secrets (HKDF of the tenant key). */
  secretKey: Buffer;
}

const loaded = new Map<string, TenantKeyMaterial>();

/** The tenant's key if this process has loaded it (and it was committed), else null. */
export function loadedTenantKey(tenantId: string): TenantKeyMaterial | null {
  return loaded.get(tenantId) ?? null;
}
export function rememberTenantKey(m: TenantKeyMaterial): void {
  loaded.set(m.tenantId, m);
}
/** After the tenant's key was shredded (tenant purge): this process forgets it too. */
export function forgetTenantKey(tenantId: string): void {
  const m = loaded.get(tenantId);
  if (m) {
    m.key.fill(0);
    m.secretKey.fill(0);
  }
  loaded.delete(tenantId);
}

export function tenantKeyFingerprint(key: Buffer): string {
  return "sha256:" + createHash("sha256").update("warden-tenant-key-v1\u0000").update(key).digest("hex");
}

export function tenantKeyMaterial(tenantId: string, key: Buffer, legacy: boolean): TenantKeyMaterial {
  const secretKey = Buffer.from(hkdfSync("sha256", key, "warden-secret-box-v2", `${tenantId}:secrets`, 32));
  return { tenantId, key, fingerprint: tenantKeyFingerprint(key), legacy, secretKey };
}

function gcmSeal(key: Buffer, aad: Buffer, plain: Buffer): [string, string, string] {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return [iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ct.toString("base64url")];
}

function gcmOpen(key: Buffer, aad: Buffer, iv: string, tag: string, ct: string): Buffer {
  // A short GCM tag would weaken authentication: accept exactly 16 bytes.
  if (Buffer.from(tag, "base64url").length !== 16)
    throw new SecretBoxError("sealed secret failed authentication (tampered or corrupted)");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(aad);
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]);
  } catch {
    throw new SecretBoxError("sealed secret failed authentication (tampered or corrupted)");
  }
}

const v2Aad = (tenantId: string) => Buffer.from(`warden:secret-box:v2:${tenantId}`);
const wrapAad = (tenantId: string) => Buffer.from(`warden:tenant-key:v1:${tenantId}`);

/**
 * Seals a secret. With the tenant's key material (the normal path for anything a tenant owns) the
 * value is sealed under the tenant key (v2); without it under the master key (v1).
 */
export function sealSecret(plain: string, tenant?: TenantKeyMaterial | null): string {
  if (tenant) {
    const fp = tenant.fingerprint.slice(7, 15);
    return [
      "v2",
      tenant.tenantId,
      fp,
      ...gcmSeal(tenant.secretKey, v2Aad(tenant.tenantId), Buffer.from(plain, "utf8")),
    ].join(".");
  }
  const key = loadKey();
  return ["v1", key.id, ...gcmSeal(key.bytes, AAD, Buffer.from(plain, "utf8"))].join(".");
}

/** Opens a v1 value, or a v2 value whose tenant key this process has loaded (tenant-key.ts). */
export function openSecret(sealed: string): string {
  const parts = sealed.split(".");
  if (parts.length === 6 && parts[0] === "v2") {
    const [, tenantId, fp, iv, tag, ct] = parts;
    const m = loaded.get(tenantId);
    if (!m) throw new SecretBoxError(`the tenant key of ${tenantId} is not loaded (or was shredded)`);
    if (m.fingerprint.slice(7, 15) !== fp) throw new SecretBoxError("secret was sealed under another tenant key");
    return gcmOpen(m.secretKey, v2Aad(tenantId), iv, tag, ct).toString("utf8");
  }
  if (parts.length !== 5 || parts[0] !== "v1") throw new SecretBoxError("not a sealed secret");
  const [, keyId, iv, tag, ct] = parts;
  const key = loadKey();
  if (Buffer.from(tag, "base64url").length !== 16)
    throw new SecretBoxError("sealed secret failed authentication (tampered or corrupted)");
  if (keyId !== key.id)
    throw new SecretBoxError(`secret was sealed under another encryption key (key id ${keyId}, current ${key.id})`);
  return gcmOpen(key.bytes, AAD, iv, tag, ct).toString("utf8");
}

/** The tenant key wrapped under the master key for storage ("w1.<masterKeyId>.<iv>.<tag>.<ct>"). */
export function wrapTenantKey(tenantId: string, key: Buffer): string {
  const master = loadKey();
  return ["w1", master.id, ...gcmSeal(master.bytes, wrapAad(tenantId), key)].join(".");
}

export function unwrapTenantKey(tenantId: string, wrapped: string): Buffer {
  const parts = wrapped.split(".");
  if (parts.length !== 5 || parts[0] !== "w1") throw new SecretBoxError("not a wrapped tenant key");
  const [, keyId, iv, tag, ct] = parts;
  const master = loadKey();
  if (keyId !== master.id)
    throw new SecretBoxError(
      `tenant key was wrapped under another encryption key (key id ${keyId}, current ${master.id})`,
    );
  const key = gcmOpen(master.bytes, wrapAad(tenantId), iv, tag, ct);
  if (key.length !== 32) throw new SecretBoxError("wrapped tenant key has the wrong length");
  return key;
}
