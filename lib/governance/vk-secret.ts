// Virtual-key secrets: random, recognisable prefix, stored only as a SHA-256 hash.
import { createHash, randomBytes } from "node:crypto";

export const VK_SECRET_PREFIX = "wvk_";

export function newVirtualKeySecret(): { secret: string; prefix: string; hash: string } {
  const secret = `${VK_SECRET_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { secret, prefix: secret.slice(0, 12), hash: hashVirtualKey(secret) };
}

export function hashVirtualKey(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}
