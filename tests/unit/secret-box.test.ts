import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSecret, sealSecret } from "@/lib/crypto/secret-box";

const KEY = Buffer.alloc(32, 1).toString("base64");

beforeEach(() => {
  process.env.WARDEN_ENCRYPTION_KEY = KEY;
});
afterEach(() => {
  delete process.env.WARDEN_ENCRYPTION_KEY;
});

function flip(sealed: string, part: number): string {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[part], "base64url");
  bytes[0] ^= 1;
  parts[part] = bytes.toString("base64url");
  return parts.join(".");
}

describe("secret box", () => {
  it("round-trips, with a fresh IV every time", () => {
    const a = sealSecret("client-secret-ü");
    const b = sealSecret("client-secret-ü");
    expect(a).not.toBe(b);
    expect(a).not.toContain("client-secret");
    expect(openSecret(a)).toBe("client-secret-ü");
    expect(openSecret(b)).toBe("client-secret-ü");
  });

  it("detects a tampered ciphertext, tag or IV", () => {
    const sealed = sealSecret("s3cret");
    for (const part of [2, 3, 4]) expect(() => openSecret(flip(sealed, part))).toThrow(/tampered/);
  });

  it("refuses a truncated tag", () => {
    const parts = sealSecret("s3cret").split(".");
    parts[3] = Buffer.from(parts[3], "base64url").subarray(0, 4).toString("base64url");
    expect(() => openSecret(parts.join("."))).toThrow(/tampered/);
  });

  it("names a value sealed under another key", () => {
    const sealed = sealSecret("s3cret");
    process.env.WARDEN_ENCRYPTION_KEY = Buffer.alloc(32, 2).toString("base64");
    expect(() => openSecret(sealed)).toThrow(/another encryption key/);
  });

  it("fails closed without a usable key", () => {
    delete process.env.WARDEN_ENCRYPTION_KEY;
    expect(() => sealSecret("x")).toThrow(/WARDEN_ENCRYPTION_KEY is not set/);
    process.env.WARDEN_ENCRYPTION_KEY = Buffer.alloc(16).toString("base64");
    expect(() => sealSecret("x")).toThrow(/32 bytes/);
  });
});
