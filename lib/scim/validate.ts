// A SCIM body -> the canonical document Warden stores (users.scim_document), checked against the
// schema served at /Schemas (schema.ts): attribute names are canonicalised (RFC 7643 §2.1: case-
// insensitive), values are type-checked (Entra's "True"/"False" become booleans), readOnly
// attributes are ignored (RFC 7644 §3.5.1), writeOnly ones (password) are never stored, unknown
// attributes are dropped, and null means unassigned. A wrong type is 400 invalidValue.
import "server-only";
import { ScimError } from "./errors";
import { findAttr, type AttrDef, type ResourceSchema } from "./schema";

export type Doc = Record<string, unknown>;

const MAX_STRING = 2048;
const MAX_VALUES = 100;

const isObject = (v: unknown): v is Doc => v !== null && typeof v === "object" && !Array.isArray(v);

function bad(path: string, why: string): never {
  throw new ScimError(400, `${path}: ${why}`, "invalidValue");
}

function scalar(d: AttrDef, v: unknown, path: string): unknown {
  switch (d.type) {
    case "boolean":
      if (typeof v === "boolean") return v;
      if (typeof v === "string" && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === "true";
      return bad(path, "must be a boolean");
    case "integer":
      if (typeof v === "number" && Number.isInteger(v)) return v;
      return bad(path, "must be an integer");
    case "decimal":
      if (typeof v === "number" && Number.isFinite(v)) return v;
      return bad(path, "must be a number");
    case "dateTime":
      if (typeof v === "string" && !Number.isNaN(Date.parse(v))) return v;
      return bad(path, "must be an RFC 3339 date-time");
    default: {
      // Identifiers such as employeeNumber arrive as numbers from some mappings: keep their text.
      const s = typeof v === "number" ? String(v) : v;
      if (typeof s !== "string") return bad(path, "must be a string");
      if (s.length > MAX_STRING) return bad(path, `is longer than ${MAX_STRING} characters`);
      return s;
    }
  }
}

/** Whether a write may set this attribute; readOnly values are ignored, writeOnly never kept. */
const kept = (d: AttrDef) => d.mutability !== "readOnly" && d.mutability !== "writeOnly";

function complex(d: AttrDef, v: unknown, path: string): Doc | undefined {
  // A bare string for a complex attribute with a "value" (Entra's manager) is its value.
  if (typeof v === "string" && findAttr(d.subAttributes, "value")) v = { value: v };
  if (!isObject(v)) return bad(path, "must be an object");
  const out: Doc = {};
  for (const [k, sv] of Object.entries(v)) {
    const sd = findAttr(d.subAttributes, k);
    if (!sd || !kept(sd) || sv === null || sv === undefined) continue;
    out[sd.name] = scalar(sd, sv, `${path}.${sd.name}`);
  }
  return Object.keys(out).length ? out : undefined;
}

/** One attribute's value, or undefined when it is unassigned. */
export function attrValue(d: AttrDef, v: unknown, path = d.name): unknown {
  if (v === null || v === undefined) return undefined;
  if (d.multiValued) {
    const list = (Array.isArray(v) ? v : [v]).filter((x) => x !== null && x !== undefined);
    if (list.length > MAX_VALUES) bad(path, `has more than ${MAX_VALUES} values`);
    const out = list
      .map((x, i) => (d.type === "complex" ? complex(d, x, `${path}[${i}]`) : scalar(d, x, `${path}[${i}]`)))
      .filter((x) => x !== undefined);
    // RFC 7643 §2.4: "primary" true appears no more than once.
    if (out.filter((x) => isObject(x) && x.primary === true).length > 1) bad(path, "has more than one primary value");
    return out.length ? out : undefined;
  }
  return d.type === "complex" ? complex(d, v, path) : scalar(d, v, path);
}

/**
 * The canonical document for a POST or PUT body (or a patched document). The common attributes
 * id and meta are readOnly and never stored; externalId is.
 */
export function canonicalDoc(rs: ResourceSchema, raw: unknown): Doc {
  if (!isObject(raw)) throw new ScimError(400, "The body must be a JSON object", "invalidSyntax");
  const out: Doc = {};
  for (const [k, v] of Object.entries(raw)) {
    const ext = rs.extensions.find((e) => e.urn.toLowerCase() === k.toLowerCase());
    if (ext) {
      if (v === null || v === undefined) continue;
      if (!isObject(v)) bad(k, "must be an object");
      const inner: Doc = {};
      for (const [ek, ev] of Object.entries(v)) {
        const d = findAttr(ext.attrs, ek);
        if (!d || !kept(d)) continue;
        const val = attrValue(d, ev, `${ext.urn}:${d.name}`);
        if (val !== undefined) inner[d.name] = val;
      }
      if (Object.keys(inner).length) out[ext.urn] = inner;
      continue;
    }
    const name = k.toLowerCase().startsWith(rs.core.toLowerCase() + ":") ? k.slice(rs.core.length + 1) : k;
    const d = findAttr(rs.attrs, name);
    if (!d || !kept(d)) continue;
    const val = attrValue(d, v);
    if (val !== undefined) out[d.name] = val;
  }
  for (const d of rs.attrs) {
    if (
      d.required &&
      (out[d.name] === undefined || (typeof out[d.name] === "string" && !(out[d.name] as string).trim()))
    ) {
      throw new ScimError(400, `${d.name} is required`, "invalidValue");
    }
  }
  return out;
}
