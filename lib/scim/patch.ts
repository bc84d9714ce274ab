// SCIM PATCH (RFC 7644 §3.5.2) applied, in order, to a copy of the resource's document; the
// caller validates the result (validate.ts) and writes it in one transaction, so a failing
// operation changes nothing. Paths are resolved against the schema served at /Schemas, which
// also decides mutability: an operation on a readOnly attribute (id, meta, groups,
// members.display) is 400 mutability. Both dialects are accepted: Okta's lower-case ops and
// Entra's "Add"/"Replace"/"Remove", no-path values with plain, dotted ("name.givenName") or
// extension-URN keys, value paths (emails[type eq "work"].value, members[value eq "x"]), the
// enterprise manager as a bare id string, and string booleans (converted by validation).
import "server-only";
import { parse, type Compare, type Filter, type Suffix } from "scim2-parse-filter";
import { z } from "zod";
import { ScimError } from "./errors";
import { findAttr, resolvePath, type AttrDef, type ResourceSchema } from "./schema";
import type { Doc } from "./validate";

export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export const patchBody = z.object({
  schemas: z.array(z.string()).refine((s) => s.includes(PATCH_SCHEMA), "must include the PatchOp schema"),
  Operations: z
    .array(z.object({ op: z.string(), path: z.string().optional(), value: z.unknown().optional() }).loose())
    .min(1)
    .max(1000),
});
export type PatchBody = z.infer<typeof patchBody>;

interface Target {
  /** The object holding the attribute: the document, or the extension object inside it. */
  ext?: string;
  attr: AttrDef;
  filter?: Filter;
  sub?: AttrDef;
}

const isObject = (v: unknown): v is Doc => v !== null && typeof v === "object" && !Array.isArray(v);

/** Finds an existing key case-insensitively (SCIM attribute names are case-insensitive). */
export function keyOf(obj: Doc, name: string): string {
  return Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
}

const invalidPath = (raw: string, why = "is not an attribute of this resource"): never => {
  throw new ScimError(400, `The path "${raw}" ${why}`, "invalidPath");
};

/** `attr`, `attr.sub`, `attr[filter]`, `attr[filter].sub`, each optionally behind a schema URN. */
export function parsePatchPath(rs: ResourceSchema, raw: string): Target {
  const m = /^(.*?)(?:\[(.+)\](?:\.([A-Za-z$][\w$-]*))?)?$/s.exec(raw.trim());
  if (!m || !m[1]) return invalidPath(raw, "is not valid");
  const p = resolvePath(rs, m[1]);
  if (!p) return invalidPath(raw);
  if (!m[2]) return { ext: p.ext, attr: p.attr, sub: p.sub };
  if (p.sub || !p.attr.multiValued)
    return invalidPath(raw, "puts a value filter on an attribute that is not multi-valued");
  let filter: Filter;
  try {
    filter = parse(m[2]);
  } catch (e) {
    throw new ScimError(400, `The value filter in "${raw}" is not valid: ${(e as Error).message}`, "invalidPath");
  }
  const sub = m[3] ? findAttr(p.attr.subAttributes, m[3]) : undefined;
  if (m[3] && !sub) return invalidPath(raw);
  return { ext: p.ext, attr: p.attr, filter, sub };
}

/** In-memory match of one multi-valued element; strings compare case-insensitively. */
export function matches(el: unknown, f: Filter): boolean {
  if (f.op === "and") return f.filters.every((x) => matches(el, x));
  if (f.op === "or") return f.filters.some((x) => matches(el, x));
  if (f.op === "not") return !matches(el, f.filter);
  if (f.op === "[]" || !isObject(el)) return false;
  const c = f as Compare | Suffix;
  const raw = el[keyOf(el, c.attrPath)];
  const a = typeof raw === "string" ? raw.toLowerCase() : raw;
  if (c.op === "pr") return a !== undefined && a !== null && a !== "";
  const v = typeof c.compValue === "string" ? c.compValue.toLowerCase() : c.compValue;
  const as = String(a ?? "");
  const vs = String(v ?? "");
  switch (c.op) {
    case "eq":
      return a === v || (typeof a === "boolean" && String(a) === vs);
    case "ne":
      return !(a === v || (typeof a === "boolean" && String(a) === vs));
    case "co":
      return as.includes(vs);
    case "sw":
      return as.startsWith(vs);
    case "ew":
      return as.endsWith(vs);
    case "gt":
      return as > vs;
    case "ge":
      return as >= vs;
    case "lt":
      return as < vs;
    case "le":
      return as <= vs;
  }
}

const readOnly = (t: Target) => t.attr.mutability === "readOnly" || (t.sub ?? t.attr).mutability === "readOnly";

function assertWritable(t: Target, raw: string): void {
  if (readOnly(t)) throw new ScimError(400, `"${raw}" is readOnly and cannot be changed`, "mutability");
}

/** The value a simple top-level attribute holds now (for a readOnly echo such as Okta's id). */
function currentOf(doc: Doc, t: Target): unknown {
  const h = holder(doc, t, false);
  return h && !t.filter && !t.sub ? h[keyOf(h, t.attr.name)] : undefined;
}

/** The object the target attribute lives in (the extension object is created on demand). */
function holder(doc: Doc, t: Target, create: boolean): Doc | undefined {
  if (!t.ext) return doc;
  const k = keyOf(doc, t.ext);
  if (!isObject(doc[k])) {
    if (!create) return undefined;
    doc[k] = {};
  }
  return doc[k] as Doc;
}

/** A complex attribute's value from a bare string (Entra's manager: "value": "<id>"). */
function complexValue(d: AttrDef, v: unknown): unknown {
  return typeof v === "string" && d.type === "complex" && findAttr(d.subAttributes, "value") ? { value: v } : v;
}

const identity = (el: unknown) => (isObject(el) && "value" in el ? JSON.stringify(el.value) : JSON.stringify(el));

/** "primary": true on a new value clears it on the others (RFC 7644 §3.5.2). */
function onePrimary(list: unknown[], fresh: unknown[]): unknown[] {
  if (!fresh.some((el) => isObject(el) && (el.primary === true || String(el.primary).toLowerCase() === "true")))
    return list;
  return list.map((el) => (fresh.includes(el) || !isObject(el) || !el.primary ? el : { ...el, primary: false }));
}

/** Seeds a new element from the eq terms of a value filter (Entra adds emails[type eq "work"].value this way). */
function seedOf(f: Filter): Doc {
  if (f.op === "eq") return { [f.attrPath]: f.compValue };
  if (f.op === "and") return Object.assign({}, ...f.filters.map(seedOf));
  return {};
}

function setValue(doc: Doc, op: "add" | "replace", t: Target, value: unknown, raw: string): void {
  assertWritable(t, raw);
  const h = holder(doc, t, true)!;
  const key = keyOf(h, t.attr.name);
  if (t.filter) {
    const arr = Array.isArray(h[key]) ? (h[key] as unknown[]) : [];
    const hits = arr.filter((el) => matches(el, t.filter!));
    const patchEl = (el: unknown) =>
      t.sub
        ? { ...(el as Doc), [keyOf(el as Doc, t.sub.name)]: value }
        : { ...(el as Doc), ...(isObject(value) ? value : {}) };
    if (!t.sub && !isObject(value)) throw new ScimError(400, `"${raw}" needs an object value`, "invalidValue");
    if (hits.length === 0) {
      if (op === "replace" && !t.sub) throw new ScimError(400, `No value matches "${raw}"`, "noTarget");
      const fresh = patchEl(seedOf(t.filter));
      h[key] = onePrimary([...arr, fresh], [fresh]);
      return;
    }
    const next = arr.map((el) => (hits.includes(el) ? patchEl(el) : el));
    h[key] = onePrimary(
      next,
      next.filter((el, i) => el !== arr[i]),
    );
    return;
  }
  if (t.sub) {
    if (t.attr.multiValued) {
      // emails.value without a filter: every element (RFC 7644 §3.5.2.3).
      const arr = Array.isArray(h[key]) ? (h[key] as Doc[]) : [];
      if (arr.length === 0) throw new ScimError(400, `No value matches "${raw}"`, "noTarget");
      h[key] = arr.map((el) => ({ ...el, [keyOf(el, t.sub!.name)]: value }));
      return;
    }
    const parent = isObject(h[key]) ? (h[key] as Doc) : {};
    h[key] = { ...parent, [keyOf(parent, t.sub.name)]: value };
    return;
  }
  if (t.attr.multiValued) {
    const incoming = (Array.isArray(value) ? value : [value]).map((v) => complexValue(t.attr, v));
    const current = Array.isArray(h[key]) ? (h[key] as unknown[]) : [];
    if (op === "replace") {
      h[key] = incoming;
      return;
    }
    const seen = new Set(current.map(identity));
    const fresh = incoming.filter((el) => !seen.has(identity(el)));
    h[key] = onePrimary([...current, ...fresh], fresh);
    return;
  }
  const v = complexValue(t.attr, value);
  // A complex value merges: sub-attributes it does not name keep their values (§3.5.2.1, §3.5.2.3).
  if (t.attr.type === "complex" && isObject(v) && isObject(h[key])) h[key] = { ...(h[key] as Doc), ...v };
  else h[key] = v;
}

function removeValue(doc: Doc, t: Target, value: unknown, raw: string): void {
  assertWritable(t, raw);
  const h = holder(doc, t, false);
  if (!h) return;
  const key = keyOf(h, t.attr.name);
  const current = h[key];
  const omit = (el: Doc, name: string): Doc => {
    const { [keyOf(el, name)]: _drop, ...rest } = el;
    return rest;
  };
  if (t.filter) {
    if (!Array.isArray(current)) return;
    if (t.sub) h[key] = current.map((el) => (matches(el, t.filter!) ? omit(el as Doc, t.sub!.name) : el));
    else h[key] = current.filter((el) => !matches(el, t.filter!));
    return;
  }
  if (t.sub) {
    if (Array.isArray(current)) h[key] = current.map((el) => (isObject(el) ? omit(el, t.sub!.name) : el));
    else if (isObject(current)) h[key] = omit(current, t.sub.name);
    return;
  }
  // Entra removes members with path "members" and the members to drop in value.
  if (Array.isArray(current) && Array.isArray(value)) {
    const drop = new Set(value.map((v) => String(isObject(v) ? v.value : v).toLowerCase()));
    h[key] = current.filter((el) => !drop.has(String(isObject(el) ? el.value : el).toLowerCase()));
    return;
  }
  delete h[key];
}

/** One operation with a path. writeOnly attributes (password) are accepted and never stored. */
function applyOne(rs: ResourceSchema, doc: Doc, op: "add" | "replace" | "remove", path: string, value: unknown): void {
  const ext = rs.extensions.find((e) => e.urn.toLowerCase() === path.trim().toLowerCase());
  if (ext) {
    // The whole extension: remove drops it, add/replace sets each attribute the value names.
    if (op === "remove") delete doc[keyOf(doc, ext.urn)];
    else if (isObject(value)) for (const [k, v] of Object.entries(value)) applyOne(rs, doc, op, `${ext.urn}:${k}`, v);
    else throw new ScimError(400, `"${path}" needs an object value`, "invalidValue");
    return;
  }
  const t = parsePatchPath(rs, path);
  if ((t.sub ?? t.attr).mutability === "writeOnly") return;
  // Okta's rename sends {"id": <the same id>, "displayName": …}: restating a readOnly value is no change.
  if (
    op !== "remove" &&
    readOnly(t) &&
    value !== undefined &&
    JSON.stringify(currentOf(doc, t)) === JSON.stringify(value)
  )
    return;
  if (op === "remove") removeValue(doc, t, value, path);
  else setValue(doc, op, t, value, path);
}

export function applyPatch(rs: ResourceSchema, doc: Doc, body: PatchBody): Doc {
  const out: Doc = structuredClone(doc);
  for (const raw of body.Operations) {
    const op = raw.op.toLowerCase();
    if (op !== "add" && op !== "remove" && op !== "replace")
      throw new ScimError(400, `Unknown PATCH op "${raw.op}"`, "invalidSyntax");
    if (raw.path) {
      applyOne(rs, out, op, raw.path, raw.value);
      continue;
    }
    if (op === "remove") throw new ScimError(400, "remove needs a path", "noTarget");
    if (!isObject(raw.value))
      throw new ScimError(400, `${raw.op} without a path needs an object value`, "invalidValue");
    for (const [k, v] of Object.entries(raw.value)) {
      if (k.toLowerCase() === "schemas") continue;
      applyOne(rs, out, op, k, v);
    }
  }
  return out;
}
