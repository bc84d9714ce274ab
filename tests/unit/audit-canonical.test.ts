// The chain's fast RFC 8785 serializer must produce exactly the bytes of the `canonicalize`
// package (the reference the chain was defined with), on randomized JSON including unicode
// keys and strings, numbers of every magnitude, and nested details; and the fixed-shape sealed
// text (prefix + seq + suffix) must equal the package's text of the whole entry; verification's
// HMAC with precomputed pads must equal node:crypto's createHmac.
import { createHmac, randomBytes } from "node:crypto";
import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import { canonicalJson, sealedParts, type SealedShape } from "@/lib/audit/canonical";
import { macUnder } from "@/lib/audit/verify-segment";

// A small deterministic PRNG so a failure can be replayed from its seed.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SPECIAL = [
  "",
  "é",
  "€",
  "😀",
  "\u2028",
  "\u2029",
  "\u0000",
  "\u001f",
  "\u007f",
  '"',
  "\\",
  "/",
  "\n\t\r\b\f",
  "ｱ",
  "\uffff",
  "\ud800\udc00",
  "z",
  "Z",
  "10",
  "1",
  "aa",
  "a",
];

function randomString(r: () => number): string {
  const n = Math.floor(r() * 8);
  let out = "";
  for (let i = 0; i < n; i++) {
    const pick = r();
    if (pick < 0.4) out += SPECIAL[Math.floor(r() * SPECIAL.length)];
    else if (pick < 0.7) out += String.fromCharCode(32 + Math.floor(r() * 95));
    else if (pick < 0.9) out += String.fromCodePoint(0xa0 + Math.floor(r() * 0x2000));
    else out += String.fromCodePoint(0x1f300 + Math.floor(r() * 0x300));
  }
  return out;
}

function randomNumber(r: () => number): number {
  const pick = r();
  if (pick < 0.2) return Math.floor(r() * 2000) - 1000;
  if (pick < 0.35) return (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20);
  if (pick < 0.45) return (r() < 0.5 ? -1 : 1) * 10 ** Math.floor(r() * 616 - 308) * (1 + r());
  if (pick < 0.55)
    return [0, -0, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, Number.MAX_SAFE_INTEGER, 0.1 + 0.2, 333333333.33333329, 1e20][
      Math.floor(r() * 10)
    ];
  return r() * 1e6;
}

function randomJson(r: () => number, depth: number): unknown {
  const pick = r();
  if (depth > 4 || pick < 0.45) {
    const p = r();
    if (p < 0.35) return randomString(r);
    if (p < 0.7) return randomNumber(r);
    if (p < 0.85) return r() < 0.5;
    return null;
  }
  if (pick < 0.7) return Array.from({ length: Math.floor(r() * 5) }, () => randomJson(r, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = Math.floor(r() * 6); i > 0; i--) o[randomString(r)] = randomJson(r, depth + 1);
  return o;
}

describe("canonicalJson", () => {
  it("equals the canonicalize package on 3,000 randomized JSON values (also after a JSON round trip)", () => {
    const r = rng(20261202);
    const differ: unknown[] = [];
    for (let i = 0; i < 3000; i++) {
      const v = randomJson(r, 0);
      const parsed = JSON.parse(JSON.stringify(v)) as unknown;
      if (canonicalJson(v) !== canonicalize(v) || canonicalJson(parsed) !== canonicalize(parsed)) differ.push(v);
    }
    expect(differ).toEqual([]);
  }, 60_000);

  it("agrees on edge cases: key order by UTF-16 code units, numbers, escapes", () => {
    const cases: unknown[] = [
      { "\u20ac": 1, "\r": 2, "\ud83d\ude00": 3, "\ufb33": 4, "1": 5, a: 6, A: 7, "": 8 },
      [1e21, 1e-7, -0, 0.000001, 123456789012345680000, 4.5e-308, -1.5e300],
      { nested: { deeper: [{ z: 1, a: [null, true, false, "x"] }] } },
      "\u2028\u2029\u0007",
      {},
      [],
    ];
    for (const v of cases) expect(canonicalJson(v)).toBe(canonicalize(v));
  });

  it("hands values that are not plain JSON to the package and behaves like it", () => {
    const d = new Date(0);
    expect(canonicalJson({ d, u: undefined, n: 1 })).toBe(canonicalize({ d, u: undefined, n: 1 }));
    expect(canonicalJson([undefined, 1])).toBe(canonicalize([undefined, 1]));
    expect(() => canonicalJson({ x: NaN })).toThrow();
    expect(() => canonicalize({ x: NaN })).toThrow();
    expect(() => canonicalJson({ x: "\ud800" })).toThrow(/surrogate/i);
    expect(() => canonicalize({ x: "\ud800" })).toThrow(/surrogate/i);
  });
});

describe("sealedParts", () => {
  it("prefix + seq + suffix is the package's text of the whole sealed entry", () => {
    const r = rng(7);
    const differ: unknown[] = [];
    const orNull = (s: string) => (r() < 0.3 ? null : s);
    for (let i = 0; i < 2000; i++) {
      const f: SealedShape = {
        tenant_id: "ten_" + randomString(r),
        ts: new Date(Math.floor(r() * 4e12)).toISOString(),
        actor_ref: randomString(r),
        actor_kind: randomString(r),
        auth_method: orNull(randomString(r)),
        action: randomString(r),
        category: randomString(r),
        target_type: orNull(randomString(r)),
        target_id: orNull(randomString(r)),
        outcome: randomString(r),
        ip_ref: orNull(randomString(r)),
        request_id: orNull(randomString(r)),
        details: randomJson(r, 1),
        key_id: randomString(r),
      };
      const seq = 1 + Math.floor(r() * Number.MAX_SAFE_INTEGER);
      const { prefix, suffix } = sealedParts(f);
      if (prefix + String(seq) + suffix !== canonicalize({ ...f, seq })) differ.push({ ...f, seq });
    }
    expect(differ).toEqual([]);
  }, 60_000);
});

describe("macUnder", () => {
  it("equals createHmac('sha256') for random keys (short and long) and messages", () => {
    const r = rng(11);
    for (let i = 0; i < 300; i++) {
      const key = randomBytes(i % 3 === 0 ? 100 : 32);
      const mac = macUnder(key);
      for (let j = 0; j < 3; j++) {
        const prev = randomBytes(32).toString("hex");
        const text = randomString(r) + JSON.stringify(randomJson(r, 0));
        expect(mac(prev, text)).toBe(createHmac("sha256", key).update(prev).update(text).digest("hex"));
      }
    }
  }, 60_000);
});
