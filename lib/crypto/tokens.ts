// Bearer secrets Warden mints: API keys (`wdn_`), virtual keys (`wvk_`), SCIM tokens (`wscim_`),
// SAML RelayState values (no prefix). Each is a recognisable prefix + 32 random bytes (base64url),
// and only the SHA-256 (hex) of the whole token is stored; first-admin invitations store the same
// hash of their signed token. A plain hash is enough because the secret carries 256 bits of
// entropy: there is nothing to guess offline, so a pepper or a KDF would add key management
// without adding safety.
import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export interface MintedToken {
  /** The secret itself: shown once, never stored. */
  token: string;
  /** hashToken(token): what is stored and looked up. */
  hash: string;
  /** The token's first `shown` characters: stored and shown to recognise it. */
  prefix: string;
}

/** `prefix` + 32 random bytes (base64url), its hash, and its first `shown` characters. */
export function mintToken(prefix = "", shown = prefix.length): MintedToken {
  const token = prefix + randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token), prefix: token.slice(0, shown) };
}

/** The stored form of a token: SHA-256 of its UTF-8 bytes, hex. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Constant-time comparison of two hex digests (the stored hash and the presented one). */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** A hash no token has (the SHA-256 of random bytes): for rows kept as history only (the demo seed). */
export function unusableHash(): string {
  return createHash("sha256").update(randomBytes(32)).digest("hex");
}
