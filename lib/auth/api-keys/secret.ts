// API-key secrets: `wdn_` + 32 random bytes (base64url), stored only as their SHA-256
// (lib/crypto/tokens.ts mints, hashes and compares them).
import "server-only";
import { mintToken, type MintedToken } from "@/lib/crypto/tokens";

export const API_KEY_PREFIX = "wdn_";
/** How many leading characters of the secret are stored and shown (e.g. `wdn_ab12cd`). */
const SHOWN = API_KEY_PREFIX.length + 6;
const SHAPE = /^wdn_[A-Za-z0-9_-]{43}$/;

export function newSecret(): MintedToken {
  return mintToken(API_KEY_PREFIX, SHOWN);
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}

export function wellFormedApiKey(token: string): boolean {
  return SHAPE.test(token);
}
