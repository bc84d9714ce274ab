// API-key secrets: `wdn_` + 32 random bytes (base64url). Only the SHA-256 of the secret is
// stored. A plain hash is enough because the secret carries 256 bits of entropy: there is
// nothing to guess offline, so a server pepper would add key management without adding safety.
import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const API_KEY_PREFIX = "wdn_";
/** How many leading characters of the secret are stored and shown (e.g. `wdn_ab12cd`). */
const SHOWN = API_KEY_PREFIX.length + 6;
const SHAPE = /^wdn_[A-Za-z0-9_-]{43}$/;

export interface NewSecret {
  secret: string;
  prefix: string;
  hash: string;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function newSecret(): NewSecret {
  const secret = API_KEY_PREFIX + randomBytes(32).toString("base64url");
  return { secret, prefix: secret.slice(0, SHOWN), hash: hashSecret(secret) };
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}

export function wellFormedApiKey(token: string): boolean {
  return SHAPE.test(token);
}

/** Constant-time comparison of two hex digests (the stored hash and the presented one). */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
