// Ed25519 signing for checkpoints and exports, so a third party can check them with nothing
// but the public key (GET /v1/audit/public-key, /.well-known/warden-audit-key).
//   WARDEN_AUDIT_SIGNING_KEY   Ed25519 private key, PKCS#8 PEM or base64 PKCS#8 DER (required)
//   WARDEN_AUDIT_SIGNING_OLD_PUBLIC_KEYS  JSON array of retired public keys (PEM), still accepted
import "server-only";
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { AuditKeyError } from "./keys";

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
  publicPem: string;
}

let cached: { source: string; key: SigningKey } | null = null;

export function keyIdOf(pub: KeyObject): string {
  return (
    "ed25519:" +
    createHash("sha256")
      .update(pub.export({ type: "spki", format: "der" }))
      .digest("hex")
      .slice(0, 16)
  );
}

export function signingKey(): SigningKey {
  const source = process.env.WARDEN_AUDIT_SIGNING_KEY;
  if (!source)
    throw new AuditKeyError("WARDEN_AUDIT_SIGNING_KEY is not set: audit checkpoints and exports cannot be signed");
  if (cached?.source === source) return cached.key;
  let privateKey: KeyObject;
  try {
    privateKey = source.includes("BEGIN")
      ? createPrivateKey(source.replace(/\\n/g, "\n"))
      : createPrivateKey({ key: Buffer.from(source, "base64"), format: "der", type: "pkcs8" });
  } catch {
    throw new AuditKeyError(
      "WARDEN_AUDIT_SIGNING_KEY is not a readable Ed25519 private key (PKCS#8 PEM or base64 DER)",
    );
  }
  if (privateKey.asymmetricKeyType !== "ed25519")
    throw new AuditKeyError("WARDEN_AUDIT_SIGNING_KEY must be an Ed25519 key");
  const publicKey = createPublicKey(privateKey);
  const key = {
    privateKey,
    publicKey,
    keyId: keyIdOf(publicKey),
    publicPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
  cached = { source, key };
  return key;
}

/** Every public key a signature may have been made with: the current one and retired ones. */
export function acceptedPublicKeys(): Map<string, KeyObject> {
  const out = new Map<string, KeyObject>();
  const cur = signingKey();
  out.set(cur.keyId, cur.publicKey);
  const old = process.env.WARDEN_AUDIT_SIGNING_OLD_PUBLIC_KEYS;
  if (old) {
    for (const pem of JSON.parse(old) as string[]) {
      const k = createPublicKey(pem);
      out.set(keyIdOf(k), k);
    }
  }
  return out;
}

export function signBytes(data: Buffer | string): string {
  return sign(null, Buffer.from(data), signingKey().privateKey).toString("base64");
}

/**
 * verifyBytes for many signatures at once, on libuv's thread pool (crypto.verify with a callback),
 * so that checking a long chain's checkpoints overlaps with hashing its entries. Resolves to the
 * index of the first item that does not verify, or -1.
 */
export async function firstInvalidSignature(
  items: readonly { data: string; signature: string; keyId: string }[],
): Promise<number> {
  const keys = acceptedPublicKeys();
  const valid = await Promise.all(
    items.map(
      ({ data, signature, keyId }) =>
        new Promise<boolean>((resolve) => {
          const pub = keys.get(keyId);
          if (!pub) return resolve(false);
          try {
            verify(null, Buffer.from(data), pub, Buffer.from(signature, "base64"), (e, ok) => resolve(!e && ok));
          } catch {
            resolve(false);
          }
        }),
    ),
  );
  return valid.indexOf(false);
}

export function verifyBytes(data: Buffer | string, signature: string, keyId: string): boolean {
  const pub = acceptedPublicKeys().get(keyId);
  if (!pub) return false;
  try {
    return verify(null, Buffer.from(data), pub, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}
