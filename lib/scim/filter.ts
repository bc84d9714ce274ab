// SCIM filter (RFC 7644 §3.4.2.2) -> one parameterised SQL condition. Parsing is the maintained
// scim2-parse-filter package; this file maps its AST onto SQL, so the database filters, sorts and
// counts (pagination totals stay exact). The allow-list of attribute paths is the schema served
// at /Schemas (schema.ts): a path it does not name is 400 invalidFilter, and attribute names and
// JSON keys reach SQL only as bound parameters, never as text. Attributes Warden keeps in typed
// columns (id, userName, externalId, active, meta dates; a group's displayName) compare columns;
// groups and members compare membership rows; everything else compares the JSONB document,
// multi-valued attributes through EXISTS over jsonb_array_elements.
import "server-only";
import { parse, type Filter } from "scim2-parse-filter";
import { Prisma } from "@/lib/generated/prisma/client";
import { ScimError } from "./errors";
import { findAttr, resolvePath, type AttrDef, type AttrType, type ResolvedPath, type ResourceSchema } from "./schema";

type Sql = Prisma.Sql;
const sql = Prisma.sql;
const TRUE = sql`TRUE`;

type CompValue = string | number | boolean | null;

/** A comparable SQL expression: text (JSON text too), boolean or timestamptz. */
export interface Expr {
  sql: Sql;
  type: AttrType;
  caseExact: boolean;
  /** Already lower-cased in the row (users.user_name_key): compare as is, so an index applies. */
  folded?: boolean;
}

/** Where one multi-valued attribute's elements come from, and each sub-attribute's expression. */
export interface Elements {
  /** FROM clause of the EXISTS, and the condition tying it to the outer row. */
  from: Sql;
  where: Sql;
  field(sub: AttrDef): Expr | undefined;
}

export interface Binding {
  rs: ResourceSchema;
  /** The row's JSONB document, for attributes without a column. */
  doc?: Sql;
  column(p: ResolvedPath): Expr | undefined;
  /** Multi-valued attributes held in rows rather than the document (groups, members). */
  relation?(p: ResolvedPath): Elements | undefined;
  /** An index-friendly condition equivalent to (or implied by) `attr.sub eq value`, if there is one. */
  indexedEq?(p: ResolvedPath, sub: AttrDef, value: string): Sql | undefined;
}

const invalid = (msg: string): never => {
  throw new ScimError(400, msg, "invalidFilter");
};

export function parseScimFilter(text: string): Filter {
  if (text.length > 4096) invalid("The filter is too long");
  try {
    return parse(rewriteSuffixPaths(text));
  } catch (e) {
    if (e instanceof ScimError) throw e;
    throw new ScimError(400, `The filter is not valid: ${(e as Error).message}`, "invalidFilter");
  }
}

const OPS = /^\s+(eq|ne|co|sw|ew|gt|ge|lt|le|pr)\b/i;

/**
 * Entra writes `emails[type eq "work"].value eq "x"`, which RFC 7644's grammar lacks and the parser
 * would read as two independent conditions (any work e-mail, and any e-mail x). It means one
 * element with both, so it becomes `emails[(type eq "work") and value eq "x"]` before parsing.
 */
export function rewriteSuffixPaths(text: string): string {
  let s = text;
  for (let guard = 0; guard < 20; guard++) {
    const opens: number[] = [];
    let hit: { open: number; close: number } | undefined;
    for (let i = 0; i < s.length && !hit; i++) {
      const c = s[i];
      if (c === '"') {
        for (i++; i < s.length && s[i] !== '"'; i++) if (s[i] === "\\") i++;
      } else if (c === "[") opens.push(i);
      else if (c === "]") {
        const open = opens.pop();
        if (open !== undefined && /^\.[A-Za-z$]/.test(s.slice(i + 1, i + 3))) hit = { open, close: i };
      }
    }
    if (!hit) return s;
    const subMatch = /^\.([A-Za-z$][\w$-]*)/.exec(s.slice(hit.close + 1))!;
    let j = hit.close + 1 + subMatch[0].length;
    const opMatch = OPS.exec(s.slice(j));
    if (!opMatch) return invalid(`A value path needs an operator after ".${subMatch[1]}"`);
    j += opMatch[0].length;
    let value = "";
    if (opMatch[1].toLowerCase() !== "pr") {
      const rest = s.slice(j);
      const m = /^\s+("(?:[^"\\]|\\.)*"|[^\s()\]]+)/.exec(rest);
      if (!m) return invalid(`A value path comparison needs a value after "${opMatch[1]}"`);
      value = ` ${m[1]}`;
      j += m[0].length;
    }
    const inner = s.slice(hit.open + 1, hit.close);
    s = `${s.slice(0, hit.open + 1)}(${inner}) and ${subMatch[1]} ${opMatch[1]}${value}]${s.slice(j)}`;
  }
  return s;
}

/** The SQL condition for a parsed filter. */
export function filterToSql(filter: Filter, b: Binding): Sql {
  return tr(filter, b);
}

function tr(f: Filter, b: Binding, scope?: { el: Elements; attr: AttrDef }): Sql {
  switch (f.op) {
    case "and":
      return sql`(${Prisma.join(
        f.filters.map((x) => tr(x, b, scope)),
        " AND ",
      )})`;
    case "or":
      return sql`(${Prisma.join(
        f.filters.map((x) => tr(x, b, scope)),
        " OR ",
      )})`;
    case "not":
      // SQL's NULL is "false" here: NOT must not turn an unknown into an unknown.
      return sql`(NOT COALESCE(${tr(f.filter, b, scope)}, false))`;
    case "[]": {
      if (scope) return invalid("Value filters cannot be nested");
      const p = resolve(b, f.attrPath);
      if (!p.attr.multiValued || p.attr.type !== "complex" || p.sub)
        return invalid(`"${f.attrPath}" is not a multi-valued complex attribute`);
      const el = elements(b, p);
      const inner = tr(f.valFilter, b, { el, attr: p.attr });
      const eq = topLevelEq(f.valFilter, "value");
      const value = findAttr(p.attr.subAttributes, "value");
      const hint = eq !== undefined && value && b.indexedEq ? b.indexedEq(p, value, eq) : undefined;
      const exists = sql`EXISTS (SELECT 1 FROM ${el.from} WHERE ${el.where} AND ${inner})`;
      return hint ? sql`(${hint} AND ${exists})` : exists;
    }
    default: {
      const value = f.op === "pr" ? null : (f.compValue as CompValue);
      if (scope) {
        const sub = findAttr(scope.attr.subAttributes, f.attrPath);
        if (!sub) return invalid(`"${scope.attr.name}" has no sub-attribute "${f.attrPath}"`);
        const e = scope.el.field(sub);
        if (!e) return invalid(`Filtering on "${scope.attr.name}.${sub.name}" is not supported`);
        return compare(e, f.op, value);
      }
      return attrCompare(b, resolve(b, f.attrPath), f.op, value, f.attrPath);
    }
  }
}

/** `x` in `x eq "v"` or `… and x eq "v" and …` at the top of a value filter, for an index hint. */
function topLevelEq(f: Filter, attr: string): string | undefined {
  if (f.op === "eq" && f.attrPath.toLowerCase() === attr && typeof f.compValue === "string") return f.compValue;
  if (f.op === "and")
    for (const x of f.filters) {
      const v = topLevelEq(x, attr);
      if (v !== undefined) return v;
    }
  return undefined;
}

function resolve(b: Binding, path: string): ResolvedPath {
  const p = resolvePath(b.rs, path);
  if (!p || p.attr.returned === "never" || p.sub?.returned === "never")
    return invalid(`Filtering on "${path}" is not supported`);
  return p;
}

function jsonPath(b: Binding, p: ResolvedPath): Sql {
  if (!b.doc) return invalid(`Filtering on "${p.attr.name}" is not supported`);
  return p.ext ? sql`(${b.doc} -> ${p.ext}::text -> ${p.attr.name}::text)` : sql`(${b.doc} -> ${p.attr.name}::text)`;
}

function elements(b: Binding, p: ResolvedPath): Elements {
  const rel = b.relation?.(p);
  if (rel) return rel;
  const arr = jsonPath(b, p);
  return {
    from: sql`jsonb_array_elements(CASE WHEN jsonb_typeof(${arr}) = 'array' THEN ${arr} ELSE '[]'::jsonb END) AS e(v)`,
    where: TRUE,
    field: (sub) => ({ sql: sql`(e.v ->> ${sub.name}::text)`, type: sub.type, caseExact: sub.caseExact }),
  };
}

function attrCompare(b: Binding, p: ResolvedPath, op: string, value: CompValue, path: string): Sql {
  if (p.attr.multiValued) {
    const el = elements(b, p);
    if (op === "pr" && !p.sub) return sql`EXISTS (SELECT 1 FROM ${el.from} WHERE ${el.where})`;
    // RFC 7644 §3.4.2.2: a multi-valued attribute without a sub-attribute compares its "value".
    const sub = p.sub ?? findAttr(p.attr.subAttributes, "value");
    if (!sub) return invalid(`Name a sub-attribute of "${p.attr.name}" to filter on it`);
    const e = el.field(sub);
    if (!e) return invalid(`Filtering on "${path}" is not supported`);
    if (op === "ne") return sql`(NOT COALESCE(${attrCompare(b, { ...p, sub }, "eq", value, path)}, false))`;
    if (op === "eq" && typeof value === "string" && b.indexedEq) {
      const hint = b.indexedEq(p, sub, value);
      if (hint) return hint;
    }
    return sql`EXISTS (SELECT 1 FROM ${el.from} WHERE ${el.where} AND ${compare(e, op, value)})`;
  }
  const col = b.column(p);
  if (col) return compare(col, op, value);
  const node = jsonPath(b, p);
  if (p.attr.type === "complex" && !p.sub) {
    if (op === "pr") return sql`(jsonb_typeof(${node}) = 'object' AND ${node} <> '{}'::jsonb)`;
    // manager eq "id" compares manager.value.
    const v = findAttr(p.attr.subAttributes, "value");
    if (!v) return invalid(`Name a sub-attribute of "${p.attr.name}" to filter on it`);
    return attrCompare(b, { ...p, sub: v }, op, value, path);
  }
  const text = p.sub
    ? sql`(${node} ->> ${p.sub.name}::text)`
    : sql`(${b.doc} ${p.ext ? sql`-> ${p.ext}::text` : sql``} ->> ${p.attr.name}::text)`;
  const d = p.sub ?? p.attr;
  return compare({ sql: text, type: d.type, caseExact: d.caseExact }, op, value);
}

const STRINGY = new Set<AttrType>(["string", "reference", "binary"]);

function compare(e: Expr, op: string, v: CompValue): Sql {
  const x = e.sql;
  if (op === "pr") return STRINGY.has(e.type) ? sql`(${x} IS NOT NULL AND ${x} <> '')` : sql`(${x} IS NOT NULL)`;
  if (v === null) {
    if (op === "eq") return sql`(NOT COALESCE(${compare(e, "pr", null)}, false))`;
    if (op === "ne") return compare(e, "pr", null);
    return invalid(`The ${op} operator needs a value`);
  }
  if (op === "ne") return sql`(NOT COALESCE(${compare(e, "eq", v)}, false))`;
  if (e.type === "boolean") {
    const bv = typeof v === "string" ? ({ true: true, false: false } as Record<string, boolean>)[v.toLowerCase()] : v;
    if (typeof bv !== "boolean" || op !== "eq")
      return invalid("Boolean attributes support eq and ne with true or false");
    // Document booleans are JSON text ('true'/'false'); columns are booleans.
    return sql`(${x}::text = ${String(bv)}::text)`;
  }
  if (e.type === "dateTime") {
    const d = typeof v === "string" ? new Date(v) : null;
    if (!d || Number.isNaN(d.getTime())) return invalid("A date filter needs an RFC 3339 timestamp");
    const iso = d.toISOString();
    const map: Record<string, Sql> = {
      eq: sql`(${x})::timestamptz = ${iso}::timestamptz`,
      gt: sql`(${x})::timestamptz > ${iso}::timestamptz`,
      ge: sql`(${x})::timestamptz >= ${iso}::timestamptz`,
      lt: sql`(${x})::timestamptz < ${iso}::timestamptz`,
      le: sql`(${x})::timestamptz <= ${iso}::timestamptz`,
    };
    return map[op] ?? invalid(`The ${op} operator does not apply to dates`);
  }
  if (e.type === "integer" || e.type === "decimal") {
    if (typeof v !== "number") return invalid("A number attribute needs a number value");
    const map: Record<string, Sql> = {
      eq: sql`(${x})::numeric = ${v}::numeric`,
      gt: sql`(${x})::numeric > ${v}::numeric`,
      ge: sql`(${x})::numeric >= ${v}::numeric`,
      lt: sql`(${x})::numeric < ${v}::numeric`,
      le: sql`(${x})::numeric <= ${v}::numeric`,
    };
    return map[op] ?? invalid(`The ${op} operator does not apply to numbers`);
  }
  if (typeof v !== "string" && typeof v !== "number") return invalid(`The ${op} operator needs a string value here`);
  const s = String(v);
  const l = e.caseExact || e.folded ? x : sql`lower(${x})`;
  const r = e.caseExact ? sql`${s}::text` : sql`lower(${s}::text)`;
  switch (op) {
    case "eq":
      return sql`(${l} = ${r})`;
    case "co":
      return sql`(strpos(${l}, ${r}) > 0)`;
    case "sw":
      return sql`(left(${l}, length(${r})) = ${r})`;
    case "ew":
      return sql`(right(${l}, length(${r})) = ${r})`;
    case "gt":
      return sql`(${l} > ${r})`;
    case "ge":
      return sql`(${l} >= ${r})`;
    case "lt":
      return sql`(${l} < ${r})`;
    case "le":
      return sql`(${l} <= ${r})`;
    default:
      return invalid(`Unknown operator ${op}`);
  }
}

/** ORDER BY expression for sortBy (RFC 7644 §3.4.2.3); a multi-valued attribute sorts by its primary (or first) value. */
export function sortExpr(b: Binding, sortBy: string): Sql {
  const p = resolvePath(b.rs, sortBy);
  const unsupported = () => new ScimError(400, `Sorting by "${sortBy}" is not supported`, "invalidValue");
  if (!p || p.attr.returned === "never") throw unsupported();
  const ci = (e: Expr) => (e.caseExact || e.folded || !STRINGY.has(e.type) ? e.sql : sql`lower(${e.sql})`);
  if (p.attr.multiValued) {
    const sub = p.sub ?? findAttr(p.attr.subAttributes, "value");
    if (!sub || b.relation?.(p)) throw unsupported();
    const el = elements(b, p);
    const e = el.field(sub)!;
    return sql`(SELECT ${ci(e)} FROM ${el.from} ORDER BY (e.v ->> 'primary') = 'true' DESC NULLS LAST LIMIT 1)`;
  }
  const col = b.column(p);
  if (col) return ci(col);
  if (p.attr.type === "complex" && !p.sub) throw unsupported();
  const d = p.sub ?? p.attr;
  const node = jsonPath(b, p);
  const text = p.sub
    ? sql`(${node} ->> ${p.sub.name}::text)`
    : sql`(${b.doc} ${p.ext ? sql`-> ${p.ext}::text` : sql``} ->> ${p.attr.name}::text)`;
  return ci({ sql: text, type: d.type, caseExact: d.caseExact });
}
