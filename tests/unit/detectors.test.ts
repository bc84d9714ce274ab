import { describe, expect, it } from "vitest";
import { ibanValid, luhnValid, redact, scan, type Detector } from "@/lib/privacy/detectors";

const hits = (text: string) => scan(text).map((f) => `${f.detector}:${text.slice(f.start, f.end)}`);
const kinds = (text: string): Detector[] => scan(text).map((f) => f.detector);

describe("detectors: true positives", () => {
  it.each([
    ["Reply to jane.doe@acme-corp.com please", "email:jane.doe@acme-corp.com"],
    ["Call me at +44 20 7946 0958 tomorrow", "phone:+44 20 7946 0958"],
    ["Office (415) 555-2671", "phone:(415) 555-2671"],
    ["Card 4111 1111 1111 1111 exp 12/29", "payment_card:4111 1111 1111 1111"],
    ["Amex 3782-822463-10005", "payment_card:3782-822463-10005"],
    ["Pay to DE89 3704 0044 0532 0130 00", "iban:DE89 3704 0044 0532 0130 00"],
    ["IBAN GB82WEST12345698765432", "iban:GB82WEST12345698765432"],
    ["SSN 123-45-6789 on file", "national_id:123-45-6789"],
    ["NINO AB 12 34 56 C", "national_id:AB 12 34 56 C"],
    ["from 203.0.113.42 at noon", "ip_address:203.0.113.42"],
    ["v6 2001:db8::8a2e:370:7334", "ip_address:2001:db8::8a2e:370:7334"],
  ])("%s", (text, want) => {
    expect(hits(text)).toEqual([want]);
  });
});

describe("detectors: false positives stay quiet", () => {
  it.each([
    ["a card number that fails Luhn", "Card 4111 1111 1111 1112"],
    ["a long order number", "Order 12345678901234 shipped"],
    ["an IBAN with a bad check digit", "IBAN DE89 3704 0044 0532 0130 01"],
    ["an e-mail in a fenced code block", "Use this:\n```js\nconst admin = 'ops@corp.io';\n```\nthanks"],
    ["an e-mail in inline code", "set `MAIL_FROM=noreply@corp.io` in the env"],
    ["a reserved example domain", "Write to user@example.com"],
    ["an impossible SSN", "Ticket 000-12-3456 and 666-12-3456"],
    ["a date", "Due 2024-01-15"],
    ["a semantic version", "Upgrade to 1.2.3 or 10.4.22"],
    ["an IP-like string with a 256 octet", "value 256.1.1.1"],
    ["a clock time", "Meet at 12:30:45"],
  ])("%s", (_what, text) => {
    expect(kinds(text)).toEqual([]);
  });

  it("a card number in a code block is still reported (only e-mail and phone are code-exempt)", () => {
    expect(kinds("```\n4111111111111111\n```")).toEqual(["payment_card"]);
  });
});

describe("checks", () => {
  it("Luhn and mod-97", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(ibanValid("DE89370400440532013000")).toBe(true);
    expect(ibanValid("DE89370400440532013001")).toBe(false);
  });
});

describe("redact", () => {
  it("replaces every finding with a typed placeholder and keeps the rest", () => {
    const text = "Mail jane@acme-corp.com, card 4111 1111 1111 1111, from 10.1.2.3.";
    const out = redact(text, scan(text));
    expect(out).toBe("Mail [REDACTED:email], card [REDACTED:payment_card], from [REDACTED:ip_address].");
    expect(out).not.toContain("jane");
  });

  it("restricts the scan to the detectors asked for", () => {
    const text = "jane@acme-corp.com 203.0.113.9";
    expect(scan(text, new Set<Detector>(["ip_address"])).map((f) => f.detector)).toEqual(["ip_address"]);
  });
});
