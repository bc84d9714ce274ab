// Virtual-key secrets: `wvk_` + 32 random bytes (base64url), stored only as their SHA-256
// (lib/crypto/tokens.ts); the first 12 characters are kept to recognise the key.
import "server-only";
import { mintToken, type MintedToken } from "@/lib/crypto/tokens";

export const VK_SECRET_PREFIX = "wvk_";

export function newVirtualKeySecret(): MintedToken {
  return mintToken(VK_SECRET_PREFIX, 12);
}
