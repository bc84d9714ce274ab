// Secrets at rest: AES-256-GCM with the key from WARDEN_ENCRYPTION_KEY (base64, 32 bytes).
// Sealed form: "v1:<key id>:<iv>:<tag>:<ciphertext>" (base64url parts); the key id lets a
// later rotation tell which key sealed a value. Missing or malformed key => fail closed.
import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

interface Key {
  id: string;
  bytes: Buffer;
}

function currentKey(): Key {
  const raw = process.env.WARDEN_ENCRYPTION_KEY?.trim();
  if (!raw) throw new Error("WARDEN_ENCRYPTION_KEY is not set: secrets cannot be sealed or opened");
  const bytes = Buffer.from(raw, "base64");
  if (bytes.length !== 32) throw new Error("WARDEN_ENCRYPTION_KEY must be 32 bytes, base64-encoded");
  return { id: createHash("sha256").update(bytes).digest("hex").slice(0, 8), bytes };
}

export function sealSecret(plain: string): string {
  const key = currentKey();
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.bytes, iv);
  cipher.setAAD(Buffer.from(key.id));
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", key.id, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ct.toString("base64url")].join(":");
}

export function openSecret(sealed: string): string {
  const [v, kid, iv, tag, ct] = sealed.split(":");
  if (v !== "v1" || !kid || !iv || !tag || ct === undefined) throw new Error("secret-box: not a sealed secret");
  const key = currentKey();
  if (key.id !== kid) throw new Error(`secret-box: sealed with key ${kid}, current key is ${key.id}`);
  const decipher = createDecipheriv("aes-256-gcm", key.bytes, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(kid));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
}
