// RFC 8785 (JCS) canonical JSON for the chain's hot paths. The `canonicalize` package is the
// reference; this serializer produces byte-identical text for JSON-shaped values (plain objects,
// arrays, strings, finite numbers, booleans, null: what JSON.parse and the jsonb driver return)
// and hands anything else to the package, so both always agree (tests/unit/audit-canonical.test.ts
// compares them on randomized input). Sealed entries have a fixed shape, so their text is built as
// a prefix and a suffix around `seq`, ready before the head lock is taken.
import canonicalize from "canonicalize";

const MAX_DEPTH = 500;

class NotPlainJson extends Error {}

// A string JSON.stringify leaves as it is between its quotes: no quote, backslash, control
// character or surrogate (the ids, names and timestamps that make up most sealed text).
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function str(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  // JCS refuses lone surrogates (the package throws); JSON.stringify is JCS's string form otherwise.
  if (!s.isWellFormed()) throw new Error("Lone surrogate is not allowed");
  return JSON.stringify(s);
}

function walk(v: unknown, depth: number): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "string":
      return str(v);
    case "boolean":
      return v ? "true" : "false";
    case "number":
      if (!Number.isFinite(v)) throw new NotPlainJson();
      return JSON.stringify(v);
    case "object": {
      if (depth > MAX_DEPTH) throw new NotPlainJson();
      if (Array.isArray(v)) {
        let out = "[";
        for (let i = 0; i < v.length; i++) {
          if (i > 0) out += ",";
          const x: unknown = v[i];
          if (x === undefined) throw new NotPlainJson();
          out += walk(x, depth + 1);
        }
        return out + "]";
      }
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new NotPlainJson();
      const o = v as Record<string, unknown>;
      if (typeof o.toJSON === "function") throw new NotPlainJson();
      const keys = Object.keys(o).sort();
      let out = "{";
      let first = true;
      for (const k of keys) {
        const x = o[k];
        if (x === undefined) throw new NotPlainJson();
        if (first) first = false;
        else out += ",";
        out += str(k) + ":" + walk(x, depth + 1);
      }
      return out + "}";
    }
    default:
      throw new NotPlainJson();
  }
}

/** RFC 8785 text of `v`; identical to `canonicalize(v)`, faster for JSON-shaped values. */
export function canonicalJson(v: unknown): string {
  try {
    return walk(v, 0);
  } catch (e) {
    if (!(e instanceof NotPlainJson)) throw e;
    const text = canonicalize(v);
    if (text === undefined) throw new Error("audit: value cannot be canonicalized");
    return text;
  }
}

/** The sealed fields of an entry, in RFC 8785 key order around `seq`. */
export interface SealedShape {
  tenant_id: string;
  ts: string;
  actor_ref: string;
  actor_kind: string;
  auth_method: string | null;
  action: string;
  category: string;
  target_type: string | null;
  target_id: string | null;
  outcome: string;
  ip_ref: string | null;
  request_id: string | null;
  details: unknown;
  key_id: string;
}

const sOrNull = (s: string | null) => (s === null ? "null" : str(s));

/**
 * The canonical text of the sealed fields is `prefix + String(seq) + suffix` (keys sorted by UTF-16
 * code units: action, actor_kind, actor_ref, auth_method, category, details, ip_ref, key_id,
 * outcome, request_id, seq, target_id, target_type, tenant_id, ts).
 */
export function sealedParts(f: SealedShape): { prefix: string; suffix: string } {
  const prefix =
    '{"action":' +
    str(f.action) +
    ',"actor_kind":' +
    str(f.actor_kind) +
    ',"actor_ref":' +
    str(f.actor_ref) +
    ',"auth_method":' +
    sOrNull(f.auth_method) +
    ',"category":' +
    str(f.category) +
    ',"details":' +
    canonicalJson(f.details) +
    ',"ip_ref":' +
    sOrNull(f.ip_ref) +
    ',"key_id":' +
    str(f.key_id) +
    ',"outcome":' +
    str(f.outcome) +
    ',"request_id":' +
    sOrNull(f.request_id) +
    ',"seq":';
  const suffix =
    ',"target_id":' +
    sOrNull(f.target_id) +
    ',"target_type":' +
    sOrNull(f.target_type) +
    ',"tenant_id":' +
    str(f.tenant_id) +
    ',"ts":' +
    str(f.ts) +
    "}";
  return { prefix, suffix };
}
