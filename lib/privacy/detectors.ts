// Personal-data detectors for gateway prompts: pure functions, no I/O, safe anywhere. Each one
// finds candidates with a regular expression and confirms them with a check that removes the
// usual false positives: Luhn for card numbers, ISO 13616 mod-97 for IBANs, octet ranges for IPs,
// SSN area/group/serial rules. E-mail addresses and phone numbers inside code (``` fences or
// `inline`) are not reported: there they are almost always placeholders, fixtures or versions.

export const DETECTORS = ["email", "phone", "payment_card", "iban", "national_id", "ip_address"] as const;
export type Detector = (typeof DETECTORS)[number];

export const DETECTOR_LABELS: Record<Detector, string> = {
  email: "E-mail address",
  phone: "Phone number",
  payment_card: "Payment card number (Luhn)",
  iban: "IBAN",
  national_id: "National id (US SSN, UK NINO)",
  ip_address: "IP address",
};

export interface Finding {
  detector: Detector;
  start: number;
  end: number;
}

const EMAIL =
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}\b/g;
// RFC 2606 / 6761 names are never a person's address.
const RESERVED_DOMAIN = /(?:^|\.)(?:example\.(?:com|org|net)|[a-z0-9-]+\.(?:test|invalid|example|localhost))$/i;
const PHONE =
  /(?<![\w+.-])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){1,4}|\(\d{3}\) ?\d{3}[ .-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4})(?![\w.-]*\d)/g;
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g;
const SSN = /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g;
const NINO = /\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g;
const IPV4 = /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.]*\d)/g;
const IPV6 =
  /(?<![:\w])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![:\w])|(?<![:\w])(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,5})?(?![:\w])/g;
const CODE = /```[\s\S]*?(?:```|$)|`[^`\n]+`/g;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

export function ibanValid(raw: string): boolean {
  const s = raw.replace(/ /g, "");
  if (s.length < 15 || s.length > 34) return false;
  const r = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of r) {
    const c = ch.charCodeAt(0);
    const v = c >= 65 ? String(c - 55) : ch;
    for (const dch of v) rem = (rem * 10 + (dch.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

function codeRanges(text: string): [number, number][] {
  if (text.indexOf("`") < 0) return [];
  const out: [number, number][] = [];
  for (const m of text.matchAll(CODE)) out.push([m.index, m.index + m[0].length]);
  return out;
}

const inRanges = (r: [number, number][], at: number) => r.some(([a, b]) => at >= a && at < b);

type Confirm = (match: string) => boolean;
const RULES: {
  detector: Detector;
  re: RegExp;
  confirm?: Confirm;
  skipCode?: boolean;
  needs: (t: string) => boolean;
}[] = [
  {
    detector: "email",
    re: EMAIL,
    skipCode: true,
    needs: (t) => t.includes("@"),
    confirm: (m) => !RESERVED_DOMAIN.test(m.slice(m.indexOf("@") + 1)),
  },
  {
    detector: "payment_card",
    re: CARD,
    needs: () => true,
    confirm: (m) => {
      const d = m.replace(/[ -]/g, "");
      return d.length >= 13 && d.length <= 19 && "3456".includes(d[0]) && luhnValid(d);
    },
  },
  { detector: "iban", re: IBAN, needs: () => true, confirm: ibanValid },
  { detector: "national_id", re: SSN, needs: (t) => t.includes("-") },
  { detector: "national_id", re: NINO, needs: () => true },
  {
    detector: "phone",
    re: PHONE,
    skipCode: true,
    needs: () => true,
    confirm: (m) => {
      const n = m.replace(/\D/g, "").length;
      return n >= 10 && n <= 15;
    },
  },
  { detector: "ip_address", re: IPV4, needs: (t) => t.includes("."), confirm: (m) => m !== "0.0.0.0" },
  {
    detector: "ip_address",
    re: IPV6,
    needs: (t) => t.includes(":"),
    confirm: (m) => m.replace(/[^:]/g, "").length >= 2 && /[0-9a-f]/i.test(m),
  },
];

/** Every confirmed finding in `text` for the detectors in `only` (all by default), non-overlapping, in order. */
export function scan(text: string, only?: ReadonlySet<Detector>): Finding[] {
  const code = codeRanges(text);
  const found: Finding[] = [];
  for (const rule of RULES) {
    if (only && !only.has(rule.detector)) continue;
    if (!rule.needs(text)) continue;
    for (const m of text.matchAll(rule.re)) {
      if (rule.skipCode && code.length && inRanges(code, m.index)) continue;
      if (rule.confirm && !rule.confirm(m[0])) continue;
      found.push({ detector: rule.detector, start: m.index, end: m.index + m[0].length });
    }
  }
  if (found.length < 2) return found;
  // Overlaps: the match that starts first (then the longest) wins, so a card number is not also a phone number.
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Finding[] = [];
  for (const f of found) {
    const last = out[out.length - 1];
    if (last && f.start < last.end) continue;
    out.push(f);
  }
  return out;
}

/** `text` with each finding replaced by a typed placeholder, e.g. [REDACTED:email]. */
export function redact(text: string, findings: Finding[]): string {
  if (!findings.length) return text;
  let out = "";
  let at = 0;
  for (const f of findings) {
    out += text.slice(at, f.start) + `[REDACTED:${f.detector}]`;
    at = f.end;
  }
  return out + text.slice(at);
}
