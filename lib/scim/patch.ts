// SCIM PATCH (RFC 7644 §3.5.2) applied to a resource's JSON document. The resource modules
// turn the patched document back into columns, so PATCH and PUT share one write path.
// Accepts both dialects: Okta's "replace" and Entra's "Replace"/"Add"/"Remove", Entra's
// string booleans ("True"/"False", converted by the resource mapping), no-path replace with an
// object (dotted keys allowed), value paths like members[value eq "x"] and
// emails[type eq "work"].value.
import "server-only";
import { parse, type Compare, type Filter, type Suffix } from "scim2-parse-filter";
import { z } from "zod";
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from "./attribute-map";
import { ScimError } from "./errors";

export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export const patchBody = z.object({
  schemas: z.array(z.string()).refine((s) => s.includes(PATCH_SCHEMA), "must include the PatchOp schema"),
  Operations: z
    .array(z.object({ op: z.string(), path: z.string().optional(), value: z.unknown().optional() }).loose())
    .min(1),
});
export type PatchBody = z.infer<typeof patchBody>;

type Doc = Record<string, unknown>;

interface ParsedPath {
  attr: string;
  filter?: Filter;
  sub?: string;
}

/** Finds an existing key case-insensitively (SCIM attribute names are case-insensitive). */
export function keyOf(obj: Doc, name: string): string {
  return Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
}

function stripUrn(path: string): string {
  for (const urn of [USER_SCHEMA, GROUP_SCHEMA]) if (path.toLowerCase().startsWith(urn.toLowerCase() + ":")) return path.slice(urn.length + 1);
  return path;
}

export function parsePatchPath(raw: string): ParsedPath {
  const path = stripUrn(raw.trim());
  // Extension attributes keep their URN as the attribute name.
  if (path.toLowerCase().startsWith(ENTERPRISE_USER_SCHEMA.toLowerCase())) return { attr: path };
  const m = /^([A-Za-z$][\w$-]*)(?:\[(.+)\])?(?:\.([A-Za-z$][\w$-]*))?$/.exec(path);
  if (!m) throw new ScimError(400, `The path "${raw}" is not valid`, "invalidPath");
  let filter: Filter | undefined;
  if (m[2]) {
    try {
      filter = parse(m[2]);
    } catch (e) {
      throw new ScimError(400, `The value filter in "${raw}" is not valid: ${(e as Error).message}`, "invalidPath");
    }
  }
  return { attr: m[1], filter, sub: m[3] };
}

/** In-memory match of one multi-valued element; strings compare case-insensitively. */
export function matches(el: unknown, f: Filter): boolean {
  if (f.op === "and") return f.filters.every((x) => matches(el, x));
  if (f.op === "or") return f.filters.some((x) => matches(el, x));
  if (f.op === "not") return !matches(el, f.filter);
  if (f.op === "[]" || !el || typeof el !== "object") return false;
  const c = f as Compare | Suffix;
  const raw = (el as Doc)[keyOf(el as Doc, c.attrPath)];
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

function setPath(doc: Doc, op: "add" | "replace", path: string, value: unknown): void {
  const p = parsePatchPath(path);
  const key = keyOf(doc, p.attr);
  if (p.filter) {
    const arr = Array.isArray(doc[key]) ? (doc[key] as Doc[]) : [];
    const hits = arr.filter((el) => matches(el, p.filter!));
    if (hits.length === 0) {
      if (op === "replace" && !p.sub) throw new ScimError(400, `No value matches "${path}"`, "noTarget");
      // Creating the element the filter describes (Entra adds emails[type eq "work"].value this way).
      const seed: Doc = {};
      if (p.filter.op === "eq") seed[p.filter.attrPath] = p.filter.compValue;
      if (p.sub) seed[p.sub] = value;
      doc[key] = [...arr, p.sub ? seed : { ...seed, ...(value as Doc) }];
      return;
    }
    doc[key] = arr.map((el) => (!hits.includes(el) ? el : p.sub ? { ...el, [keyOf(el, p.sub)]: value } : { ...el, ...(value as Doc) }));
    return;
  }
  if (p.sub) {
    const parent = (doc[key] && typeof doc[key] === "object" ? doc[key] : {}) as Doc;
    doc[key] = { ...parent, [keyOf(parent, p.sub)]: value };
    return;
  }
  const current = doc[key];
  if (op === "add" && Array.isArray(current)) {
    const incoming = Array.isArray(value) ? value : [value];
    const seen = new Set(current.map((el) => JSON.stringify((el as Doc)?.value ?? el)));
    doc[key] = [...current, ...incoming.filter((el) => !seen.has(JSON.stringify((el as Doc)?.value ?? el)))];
  } else if (op === "add" && current && typeof current === "object" && value && typeof value === "object" && !Array.isArray(value)) {
    doc[key] = { ...(current as Doc), ...(value as Doc) };
  } else {
    doc[key] = value;
  }
}

function removePath(doc: Doc, path: string, value: unknown): void {
  const p = parsePatchPath(path);
  const key = keyOf(doc, p.attr);
  const current = doc[key];
  if (p.filter) {
    if (!Array.isArray(current)) return;
    if (p.sub) doc[key] = current.map((el) => (matches(el, p.filter!) ? omit(el as Doc, p.sub!) : el));
    else doc[key] = current.filter((el) => !matches(el, p.filter!));
    return;
  }
  if (p.sub) {
    if (current && typeof current === "object") doc[key] = omit(current as Doc, p.sub);
    return;
  }
  // Entra removes members with path "members" and the members to drop in value.
  if (Array.isArray(current) && Array.isArray(value)) {
    const drop = new Set(value.map((v) => String((v as Doc)?.value ?? v).toLowerCase()));
    doc[key] = current.filter((el) => !drop.has(String((el as Doc)?.value ?? el).toLowerCase()));
    return;
  }
  doc[key] = Array.isArray(current) ? [] : null;
}

function omit(el: Doc, name: string): Doc {
  const k = keyOf(el, name);
  const { [k]: _, ...rest } = el;
  return rest;
}

export function applyPatch(doc: Doc, body: PatchBody): Doc {
  const out: Doc = structuredClone(doc);
  for (const raw of body.Operations) {
    const op = raw.op.toLowerCase();
    if (op !== "add" && op !== "remove" && op !== "replace") throw new ScimError(400, `Unknown PATCH op "${raw.op}"`, "invalidSyntax");
    if (op === "remove") {
      if (!raw.path) throw new ScimError(400, "remove needs a path", "noTarget");
      removePath(out, raw.path, raw.value);
    } else if (raw.path) {
      setPath(out, op, raw.path, raw.value);
    } else {
      if (!raw.value || typeof raw.value !== "object" || Array.isArray(raw.value)) throw new ScimError(400, `${raw.op} without a path needs an object value`, "invalidValue");
      for (const [k, v] of Object.entries(raw.value as Doc)) setPath(out, op, k, v);
    }
  }
  return out;
}
