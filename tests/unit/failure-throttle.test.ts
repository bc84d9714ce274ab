// The bearer / proxy failure throttle keeps bounded memory, and a spray of other keys can neither
// lift the lock of an attacked subject nor wipe the failures it has already counted.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { FailureThrottle } from "@/lib/auth/throttle";

const spray = (t: FailureThrottle, n: number, now: number) => {
  for (let i = 0; i < n; i++) t.fail([`key:${randomBytes(8).toString("hex")}`], now + (i % 1000));
};

describe("failure throttle under a spray of keys", () => {
  it("spraying 100,000 random keys does not lift a locked subject, and memory stays bounded", () => {
    const t = new FailureThrottle({ limit: 10, windowMs: 60_000 });
    for (let i = 0; i < 10; i++) t.fail(["key:wdn_victim"], 1_000 + i);
    expect(() => t.check(["key:wdn_victim"], 2_000)).toThrow(/Too many/);
    spray(t, 100_000, 3_000);
    expect(() => t.check(["key:wdn_victim"], 5_000)).toThrow(/Too many/);
    expect(t.size).toBeLessThanOrEqual(50_000 + 20_000 + 20_000);
    // The lock still ends with its window.
    expect(() => t.check(["key:wdn_victim"], 61_001)).not.toThrow();
  }, 120_000);

  it("a spray does not wipe the failures an attacked subject has already counted", () => {
    const t = new FailureThrottle({ limit: 10, windowMs: 60_000 });
    for (let i = 0; i < 5; i++) t.fail(["key:wdn_victim"], 1_000 + i);
    spray(t, 100_000, 2_000);
    for (let i = 0; i < 5; i++) t.fail(["key:wdn_victim"], 4_000 + i);
    expect(() => t.check(["key:wdn_victim"], 5_000)).toThrow(/Too many/);
  }, 120_000);

  it("fails closed when the locked tier is full of live locks", () => {
    const t = new FailureThrottle({ limit: 1, windowMs: 60_000, capacity: { locked: 3 } });
    for (const k of ["a", "b", "c", "d"]) t.fail([k], 1_000);
    expect(() => t.check(["someone-else"], 2_000)).toThrow(/Too many/);
    expect(() => t.check(["someone-else"], 61_001)).not.toThrow();
  });

  it("keeps the sliding-window limit: recovers once the oldest counted failure leaves the window", () => {
    const t = new FailureThrottle({ limit: 3, windowMs: 60_000 });
    t.fail(["k"], 0);
    t.fail(["k"], 30_000);
    expect(() => t.check(["k"], 59_000)).not.toThrow();
    t.fail(["k"], 61_000); // the failure at 0 has left the window: two counted
    expect(() => t.check(["k"], 61_500)).not.toThrow();
    t.fail(["k"], 62_000);
    expect(() => t.check(["k"], 62_500)).toThrow(/Too many/);
    expect(() => t.check(["k"], 90_001)).not.toThrow();
  });
});
