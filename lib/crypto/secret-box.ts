// Secrets at rest (IdP client secrets, upstream provider keys): AES-256-GCM under
// WARDEN_ENCRYPTION_KEY (base64, 32 bytes). Sealed form: "v1.<keyId>.<iv>.<tag>.<ciphertext>"
// (base64url parts). The key id is a fingerprint of the key, so a value sealed under another key
// fails with a clear message instead of garbage, and a later key rotation can tell keys apart.
import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

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
  if (!raw) throw new SecretBoxError("WARDEN_ENCRYPTION_KEY is not set: secrets cannot be encrypted or decrypted (generate one with `openssl rand -base64 32`)");
  const bytes = Buffer.from(raw, "base64");
  if (bytes.length !== 32) throw new SecretBoxError(`WARDEN_ENCRYPTION_KEY must be 32 bytes of base64 (got ${bytes.length} bytes)`);
  const id = createHash("sha256").update("warden-secret-box").update(bytes).digest("base64url").slice(0, 8);
  return { id, bytes };
}

const AAD = Buffer.from("warden:secret-box:v1");

export function sealSecret(plain: string): string {
  const key = loadKey();
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.bytes, iv);
  cipher.setAAD(AAD);
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", key.id, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ct.toString("base64url")].join(".");
}

export function openSecret(sealed: string): string {
  const parts = sealed.split(".");
  if (parts.length !== 5 || parts[0] !== "v1") throw new SecretBoxError("not a sealed secret");
  const [, keyId, iv, tag, ct] = parts;
  const key = loadKey();
  // A short GCM tag would weaken authentication: accept exactly 16 bytes.
  if (Buffer.from(tag, "base64url").length !== 16) throw new SecretBoxError("sealed secret failed authentication (tampered or corrupted)");
  if (keyId !== key.id) throw new SecretBoxError(`secret was sealed under another encryption key (key id ${keyId}, current ${key.id})`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.bytes, Buffer.from(iv, "base64url"));
    decipher.setAAD(AAD);
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError("sealed secret failed authentication (tampered or corrupted)");
  }
}
