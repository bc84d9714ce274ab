import { describe, expect, it } from "vitest";
import { effectivePolicy, evaluate, type EffectivePolicy } from "@/lib/privacy/evaluate";

const base: EffectivePolicy = {
  id: "pol_1",
  scope_type: "tenant",
  detectors: {},
  allowed_regions: [],
  hipaa_mode: false,
  store_bodies: false,
};
const us = { region: "us", hipaa_covered: false };
const msg = (content: unknown) => [{ role: "user", content }];

describe("evaluate", () => {
  it("block beats redact and names the rule, never the data", () => {
    const v = evaluate(
      { ...base, detectors: { email: "redact", payment_card: "block" } },
      msg("a@corp-mail.com 4111111111111111"),
      us,
    );
    expect(v.block?.rule).toBe("detector.payment_card");
    expect(v.block?.message).not.toContain("4111");
    expect(v.findings).toEqual({ email: 1, payment_card: 1 });
  });

  it("redacts text parts of multi-part content and leaves other parts and the input untouched", () => {
    const input = msg([
      { type: "text", text: "mail a@corp-mail.com" },
      { type: "image_url", image_url: { url: "https://x" } },
    ]);
    const v = evaluate({ ...base, detectors: { email: "redact" } }, input, us);
    expect(v.messages).toEqual(
      msg([
        { type: "text", text: "mail [REDACTED:email]" },
        { type: "image_url", image_url: { url: "https://x" } },
      ]),
    );
    expect((input[0].content as { text: string }[])[0].text).toBe("mail a@corp-mail.com");
    expect(v.redacted).toEqual(["email"]);
  });

  it("off detectors are not reported; record forwards unchanged", () => {
    const v = evaluate(
      { ...base, detectors: { email: "off", ip_address: "record" } },
      msg("a@corp-mail.com from 203.0.113.9"),
      us,
    );
    expect(v.findings).toEqual({ ip_address: 1 });
    expect(v.recorded).toEqual(["ip_address"]);
    expect(v.messages).toEqual(msg("a@corp-mail.com from 203.0.113.9"));
  });

  it("data residency is checked first", () => {
    expect(evaluate({ ...base, allowed_regions: ["eu"] }, msg("hi"), us).block?.rule).toBe("allowed_regions");
    expect(
      evaluate({ ...base, allowed_regions: ["eu"] }, msg("hi"), { region: "eu", hipaa_covered: false }).block,
    ).toBeNull();
  });

  it("HIPAA mode scans with every detector and refuses identifiers to uncovered providers only", () => {
    const p = { ...base, hipaa_mode: true, detectors: { national_id: "redact" as const } };
    expect(evaluate(p, msg("SSN 123-45-6789"), us).block?.rule).toBe("hipaa_mode");
    expect(evaluate(p, msg("no identifiers here"), us).block).toBeNull();
    const covered = evaluate(p, msg("SSN 123-45-6789"), { region: "us", hipaa_covered: true });
    expect([covered.block, covered.messages]).toEqual([null, msg("SSN [REDACTED:national_id]")]);
  });
});

describe("effectivePolicy", () => {
  const row = (scope_type: string, scope_id: string, enabled = true) => ({
    ...base,
    id: `${scope_type}:${scope_id}`,
    scope_type,
    scope_id,
    enabled,
  });
  const all = [
    row("tenant", "tn_1"),
    row("team", "tm_1"),
    row("virtual_key", "vk_1"),
    row("virtual_key", "vk_off", false),
  ];
  it("key beats team beats tenant; disabled policies are skipped", () => {
    expect(effectivePolicy(all, { virtualKeyId: "vk_1", teamId: "tm_1" }, "tn_1")?.id).toBe("virtual_key:vk_1");
    expect(effectivePolicy(all, { virtualKeyId: "vk_2", teamId: "tm_1" }, "tn_1")?.id).toBe("team:tm_1");
    expect(effectivePolicy(all, { virtualKeyId: "vk_off" }, "tn_1")?.id).toBe("tenant:tn_1");
    expect(effectivePolicy(all, {}, "tn_other")).toBeNull();
  });
});
