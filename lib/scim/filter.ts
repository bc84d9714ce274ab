// SCIM filter (RFC 7644 §3.4.2.2) -> Prisma `where`. Parsing is the maintained
// scim2-parse-filter package; this file only maps its AST onto columns, so the database does
// the filtering (and pagination counts stay exact). caseExact=false attributes compare
// case-insensitively; anything unmapped is a 400 invalidFilter rather than a silent miss.
import "server-only";
import { parse, type Filter } from "scim2-parse-filter";
import { normalizeAttrPath, type AttrSpec } from "./attribute-map";
import { ScimError } from "./errors";

export type Where = Record<string, unknown>;

// Prisma treats `NOT: {}` as no condition, so constant truth is spelled with a real column.
const TRUE: Where = { NOT: { id: "" } };
const FALSE: Where = { id: "" };

type CompValue = string | number | boolean | null;

export function parseScimFilter(text: string): Filter {
  try {
    return parse(text);
  } catch (e) {
    throw new ScimError(400, `The filter is not valid: ${(e as Error).message}`, "invalidFilter");
  }
}

export function filterToWhere(filter: Filter, attrs: Record<string, AttrSpec>, prefix = ""): Where {
  switch (filter.op) {
    case "and":
      return { AND: filter.filters.map((f) => filterToWhere(f, attrs, prefix)) };
    case "or":
      return { OR: filter.filters.map((f) => filterToWhere(f, attrs, prefix)) };
    case "not":
      return { NOT: filterToWhere(filter.filter, attrs, prefix) };
    case "[]":
      return filterToWhere(filter.valFilter, attrs, `${prefix}${filter.attrPath}.`);
    case "pr":
      return compare(spec(attrs, prefix + filter.attrPath), "pr", null);
    default:
      return compare(spec(attrs, prefix + filter.attrPath), filter.op, filter.compValue);
  }
}

function spec(attrs: Record<string, AttrSpec>, path: string): AttrSpec {
  const s = attrs[normalizeAttrPath(path)];
  if (!s) throw new ScimError(400, `Filtering on "${path}" is not supported`, "invalidFilter");
  return s;
}

function compare(s: AttrSpec, op: string, v: CompValue): Where {
  switch (s.kind) {
    case "string":
      return stringCompare(s.field, s.ci, s.nullable, op, v);
    case "bool":
      return boolCompare(s.field, op, v);
    case "date":
      return dateCompare(s.field, op, v);
    case "const":
      return constCompare(s.value, op, v) ? TRUE : FALSE;
    case "member":
      return memberCompare({ [s.field]: stringOp(op, v, false) }, op);
    case "memberName":
      return memberCompare({ [s.relation]: { name: stringOp(op, v, true) } }, op);
  }
}

function stringOp(op: string, v: CompValue, ci: boolean): Where {
  const mode = ci ? "insensitive" : "default";
  if (op === "pr") return { not: "" };
  if (typeof v !== "string") throw new ScimError(400, `The ${op} operator needs a string value here`, "invalidFilter");
  switch (op) {
    case "eq":
    case "ne":
      return { equals: v, mode };
    case "co":
      return { contains: v, mode };
    case "sw":
      return { startsWith: v, mode };
    case "ew":
      return { endsWith: v, mode };
    case "gt":
    case "ge":
    case "lt":
    case "le":
      return { [op === "ge" ? "gte" : op === "le" ? "lte" : op]: v };
    default:
      throw new ScimError(400, `Unknown operator ${op}`, "invalidFilter");
  }
}

function stringCompare(field: string, ci: boolean, nullable: boolean, op: string, v: CompValue): Where {
  if (op === "pr") return nullable ? { AND: [{ [field]: { not: null } }, { NOT: { [field]: "" } }] } : { NOT: { [field]: "" } };
  if (v === null && (op === "eq" || op === "ne")) {
    if (!nullable) return op === "eq" ? FALSE : TRUE;
    return op === "eq" ? { [field]: null } : { [field]: { not: null } };
  }
  const cond = { [field]: stringOp(op, v, ci) };
  // SQL's NOT hides NULLs; SCIM's ne matches resources that lack the attribute.
  if (op === "ne") return nullable ? { OR: [{ [field]: null }, { NOT: cond }] } : { NOT: cond };
  return cond;
}

function boolCompare(field: string, op: string, v: CompValue): Where {
  if (op === "pr") return TRUE;
  const b = typeof v === "string" ? v.toLowerCase() === "true" : v;
  if (typeof b !== "boolean" || (op !== "eq" && op !== "ne")) throw new ScimError(400, `Boolean attributes support eq and ne with true/false`, "invalidFilter");
  return { [field]: op === "eq" ? b : !b };
}

function dateCompare(field: string, op: string, v: CompValue): Where {
  if (op === "pr") return TRUE;
  const d = typeof v === "string" ? new Date(v) : null;
  if (!d || Number.isNaN(d.getTime())) throw new ScimError(400, `A date filter needs an RFC 3339 timestamp`, "invalidFilter");
  const map: Record<string, Where> = { eq: { equals: d }, ne: { not: d }, gt: { gt: d }, ge: { gte: d }, lt: { lt: d }, le: { lte: d } };
  if (!map[op]) throw new ScimError(400, `The ${op} operator does not apply to dates`, "invalidFilter");
  return { [field]: map[op] };
}

function memberCompare(inner: Where, op: string): Where {
  if (op === "pr") return { memberships: { some: {} } };
  if (op === "ne") return { NOT: { memberships: { some: inner } } };
  return { memberships: { some: inner } };
}

/** Static comparison for constant attributes, case-insensitive like the strings they stand for. */
function constCompare(actual: string | boolean, op: string, v: CompValue): boolean {
  if (op === "pr") return true;
  const a = typeof actual === "string" ? actual.toLowerCase() : actual;
  const b = typeof v === "string" ? (typeof actual === "boolean" ? v.toLowerCase() === "true" : v.toLowerCase()) : v;
  switch (op) {
    case "eq":
      return a === b;
    case "ne":
      return a !== b;
    case "co":
      return typeof a === "string" && typeof b === "string" && a.includes(b);
    case "sw":
      return typeof a === "string" && typeof b === "string" && a.startsWith(b);
    case "ew":
      return typeof a === "string" && typeof b === "string" && a.endsWith(b);
    default:
      throw new ScimError(400, `The ${op} operator does not apply here`, "invalidFilter");
  }
}
