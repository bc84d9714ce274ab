// Key lifecycle states shown in the console and enforced by the bearer method.
import { describe, expect, it } from "vitest";
import { keyState, keyUsable } from "@/lib/auth/api-keys/state";
import { FailureThrottle } from "@/lib/auth/throttle";

const now = new Date("2026-06-01T12:00:00Z");
const at = (days: number) => new Date(now.getTime() + days * 86_400_000);
const base = { expiresAt: at(60), revokedAt: null, replacedBy: null, overlapUntil: null };

describe("API key state", () => {
  it("derives every state from the timestamps", () => {
    expect(keyState(base, now)).toBe("active");
    expect(keyState({ ...base, expiresAt: at(3) }, now)).toBe("expiring");
    expect(keyState({ ...base, expiresAt: at(-1) }, now)).toBe("expired");
    expect(keyState({ ...base, revokedAt: at(-1) }, now)).toBe("revoked");
    expect(keyState({ ...base, replacedBy: "key_x", overlapUntil: at(0.5) }, now)).toBe("rotating");
    expect(keyState({ ...base, replacedBy: "key_x", overlapUntil: at(-0.01) }, now)).toBe("rotated");
  });

  it("only active, expiring and rotating keys authenticate", () => {
    expect(["active", "expiring", "rotating"].every((s) => keyUsable(s as never))).toBe(true);
    expect(["revoked", "expired", "rotated"].some((s) => keyUsable(s as never))).toBe(false);
  });
});

describe("failure throttle", () => {
  it("refuses after the limit within the window and recovers after it", () => {
    const t = new FailureThrottle({ limit: 3, windowMs: 60_000 });
    for (let i = 0; i < 3; i++) t.fail(["ip:1"], 1000 + i);
    expect(() => t.check(["ip:1"], 2000)).toThrow(/Too many/);
    expect(() => t.check(["ip:2"], 2000)).not.toThrow();
    expect(() => t.check(["ip:1"], 62_000)).not.toThrow();
  });
});
