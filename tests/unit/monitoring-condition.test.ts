// The monitoring condition language: the demo's three conditions and the other metrics parse to
// thresholds and windows; malformed input fails with a message pointing at the column.
// Webhook signatures verify, and tampering or replay outside the window is refused.
import { describe, expect, it } from "vitest";
import { checkCondition, compare, parseCondition } from "@/lib/monitoring/condition";
import { signPayload, verifySignature } from "@/lib/notifications/signing";

describe("condition parser", () => {
  it("parses the demo's conditions", () => {
    expect(parseCondition("failed_logins > 10 in 1h")).toMatchObject({
      metric: "failed_logins",
      op: ">",
      threshold: 10,
      windowMs: 3_600_000,
      window: "1h",
      text: "failed_logins > 10 in 1h",
    });
    expect(parseCondition("data_export_size > 1GB")).toMatchObject({
      metric: "data_export_size",
      threshold: 1024 ** 3,
      windowMs: null,
      text: "data_export_size > 1GB",
    });
    expect(parseCondition("usage > 80% of budget")).toMatchObject({
      metric: "usage",
      threshold: 80,
      windowMs: null,
      text: "usage > 80% of budget",
    });
  });

  it("parses the other metrics, units and windows", () => {
    expect(parseCondition("rate_limit_violations >= 5 in 5m")).toMatchObject({
      op: ">=",
      threshold: 5,
      windowMs: 300_000,
    });
    expect(parseCondition("privilege_escalations > 0 in 24h").windowMs).toBe(86_400_000);
    expect(parseCondition("new_admins > 0 in 7d").windowMs).toBe(7 * 86_400_000);
    expect(parseCondition("budget_exceeded > 3 in 1h").metric).toBe("budget_exceeded");
    expect(parseCondition("audit_chain_broken")).toMatchObject({
      op: ">",
      threshold: 0,
      window: "24h",
      text: "audit_chain_broken in 24h",
    });
    expect(parseCondition("data_export_size > 1.5 tb in 1d").threshold).toBe(1.5 * 1024 ** 4);
    expect(parseCondition("  failed_logins>10 in 1h ").text).toBe("failed_logins > 10 in 1h");
  });

  const err = (s: string) => {
    const r = checkCondition(s);
    if (r.ok) throw new Error(`expected ${s} to fail`);
    return r;
  };

  it("fails with clear messages and positions", () => {
    expect(err("").message).toMatch(/empty/);
    expect(err("failed_login > 10 in 1h")).toMatchObject({ position: 0 });
    expect(err("failed_login > 10 in 1h").message).toMatch(/Unknown metric 'failed_login'.*failed_logins/);
    expect(err("failed_logins > 10").message).toMatch(/add a window/);
    expect(err("failed_logins 10 in 1h")).toMatchObject({ position: 14 });
    expect(err("failed_logins > 10 in 1x")).toMatchObject({ position: 23 });
    expect(err("failed_logins > 10 in 1 h").message).toMatch(/right after the number/);
    expect(err("failed_logins > 1.5 in 1h").message).toMatch(/whole number/);
    expect(err("data_export_size > 1").message).toMatch(/size unit/);
    expect(err("data_export_size > 1 PB").message).toMatch(/size unit/);
    expect(err("usage > 80").message).toMatch(/'%'/);
    expect(err("usage > 80% of money").message).toMatch(/'budget'/);
    expect(err("usage > 80% of budget in 1h").message).toMatch(/no window/);
    expect(err("failed_logins > 10 in 31d").message).toMatch(/between 1m and 30d/);
    expect(err("failed_logins > 10 in 1h and more")).toMatchObject({ position: 25 });
    expect(err("failed_logins > 10 in 1h;").message).toMatch(/Unexpected character ';'/);
    expect(err("failed_logins > 10 in 1x").pointer.split("\n")[1]).toBe(" ".repeat(23) + "^");
  });

  it("compares", () => {
    expect(compare(11, ">", 10)).toBe(true);
    expect(compare(10, ">", 10)).toBe(false);
    expect(compare(10, ">=", 10)).toBe(true);
    expect(compare(3, "!=", 3)).toBe(false);
  });
});

describe("webhook signatures", () => {
  const secret = "whsec_0123456789abcdef";
  const body = JSON.stringify({ event: "alert.fired", alert: { id: "alr_1" } });

  it("verifies a fresh signature and refuses tampering", () => {
    const h = signPayload(secret, body, 1_800_000_000);
    expect(h).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, body, h, { nowSeconds: 1_800_000_010 })).toEqual({
      ok: true,
      timestamp: 1_800_000_000,
    });
    expect(verifySignature(secret, body + " ", h, { nowSeconds: 1_800_000_010 })).toMatchObject({
      ok: false,
      reason: "signature mismatch",
    });
    expect(verifySignature("another-secret-value", body, h, { nowSeconds: 1_800_000_010 })).toMatchObject({
      ok: false,
    });
    expect(
      verifySignature(secret, body, h.replace("t=1800000000", "t=1800000005"), { nowSeconds: 1_800_000_010 }),
    ).toMatchObject({ ok: false, reason: "signature mismatch" });
    expect(verifySignature(secret, body, null)).toMatchObject({ ok: false });
  });

  it("refuses a replay outside the window", () => {
    const h = signPayload(secret, body, 1_800_000_000);
    expect(verifySignature(secret, body, h, { nowSeconds: 1_800_000_301 })).toMatchObject({
      ok: false,
      reason: "timestamp outside the replay window",
    });
    expect(verifySignature(secret, body, h, { nowSeconds: 1_800_000_300 }).ok).toBe(true);
  });
});
