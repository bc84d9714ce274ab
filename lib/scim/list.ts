// Shared query handling for SCIM lists and reads: filter (filter.ts), startIndex/count
// (RFC 7644 §3.4.2.4), sortBy/sortOrder (§3.4.2.3), and attributes/excludedAttributes projection
// (§3.4.2.5) with the schema's "returned" characteristics (RFC 7643 §2.2).
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { ScimError } from "./errors";
import { filterToSql, parseScimFilter, sortExpr, type Binding } from "./filter";
import { resolvePath, type ResourceSchema } from "./schema";

export const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const MAX_COUNT = 200;

export interface ListQuery {
  where: Prisma.Sql;
  /** ORDER BY list, ending in the row's creation time and id so pages are stable. */
  order: Prisma.Sql;
  skip: number;
  take: number;
  startIndex: number;
  /** The table the filter and order name: users as u, teams as t. */
  alias: "u" | "t";
}

export function listQuery(url: URL, b: Binding, alias: "u" | "t"): ListQuery {
  const q = url.searchParams;
  const filter = q.get("filter");
  const where = filter ? filterToSql(parseScimFilter(filter), b) : Prisma.sql`TRUE`;
  const startIndex = Math.max(1, Number.parseInt(q.get("startIndex") ?? "1", 10) || 1);
  const rawCount = q.get("count");
  const count = rawCount === null ? 100 : Number.parseInt(rawCount, 10);
  const take = Number.isFinite(count) ? Math.min(Math.max(count, 0), MAX_COUNT) : 100;
  const tail = alias === "u" ? Prisma.sql`u.created_at ASC, u.id ASC` : Prisma.sql`t.created_at ASC, t.id ASC`;
  const sortBy = q.get("sortBy");
  const sortOrder = q.get("sortOrder")?.toLowerCase();
  if (sortOrder && sortOrder !== "ascending" && sortOrder !== "descending") {
    throw new ScimError(400, 'sortOrder is "ascending" or "descending"', "invalidValue");
  }
  const dir = Prisma.raw(sortOrder === "descending" ? "DESC NULLS LAST" : "ASC NULLS LAST");
  const order = sortBy ? Prisma.sql`${sortExpr(b, sortBy)} ${dir}, ${tail}` : tail;
  return { where, order, skip: startIndex - 1, take, startIndex, alias };
}

const FROM = { u: Prisma.raw("users u"), t: Prisma.raw("teams t") } as const;

/**
 * The resources a list request asks for: the filter's total (one count), then this page's ids in
 * the requested order (one query), loaded by `load` and put back in that order; a row gone since
 * the id query is left out.
 */
export async function listPage<T extends { id: string }>(
  tx: TenantTx,
  q: ListQuery,
  load: (ids: string[]) => Promise<T[]>,
): Promise<{ total: number; page: T[] }> {
  const from = FROM[q.alias];
  const [{ n }] = await tx.$queryRaw<{ n: number }[]>(
    Prisma.sql`SELECT count(*)::int AS n FROM ${from} WHERE ${q.where}`,
  );
  const ids =
    q.take === 0
      ? []
      : (
          await tx.$queryRaw<{ id: string }[]>(
            Prisma.sql`SELECT ${Prisma.raw(q.alias)}.id FROM ${from} WHERE ${q.where} ORDER BY ${q.order} OFFSET ${q.skip}::int LIMIT ${q.take}::int`,
          )
        ).map((r) => r.id);
  const byId = new Map((ids.length ? await load(ids) : []).map((r) => [r.id, r]));
  return { total: Number(n), page: ids.map((id) => byId.get(id)).filter((r): r is T => r !== undefined) };
}

export function listResponse(resources: Record<string, unknown>[], total: number, startIndex: number) {
  return {
    schemas: [LIST_SCHEMA],
    totalResults: total,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

type Doc = Record<string, unknown>;

/** "name.givenName" -> ["name", "givenName"]; an extension attribute keeps its URN as the first key. */
function paths(rs: ResourceSchema, v: string | null): string[][] {
  if (!v) return [];
  const out: string[][] = [];
  for (const raw of v.split(",")) {
    const s = raw.trim();
    if (!s) continue;
    const ext = rs.extensions.find((e) => e.urn.toLowerCase() === s.toLowerCase());
    if (ext) {
      out.push([ext.urn]);
      continue;
    }
    const p = resolvePath(rs, s);
    if (!p) continue; // RFC 7644 §3.4.2.5 leaves unknown names to the server: they select nothing.
    out.push([...(p.ext ? [p.ext] : []), p.attr.name, ...(p.sub ? [p.sub.name] : [])]);
  }
  return out;
}

const isObject = (v: unknown): v is Doc => v !== null && typeof v === "object" && !Array.isArray(v);

function pick(v: unknown, wanted: string[][]): unknown {
  if (wanted.some((p) => p.length === 0)) return v;
  if (Array.isArray(v)) return v.map((el) => pick(el, wanted));
  if (!isObject(v)) return undefined;
  const out: Doc = {};
  for (const [k, val] of Object.entries(v)) {
    const next = wanted.filter((p) => p[0].toLowerCase() === k.toLowerCase()).map((p) => p.slice(1));
    if (next.length === 0) continue;
    const got = pick(val, next);
    if (got !== undefined && !(isObject(got) && Object.keys(got).length === 0)) out[k] = got;
  }
  return out;
}

function drop(v: unknown, unwanted: string[][]): unknown {
  if (Array.isArray(v)) return v.map((el) => drop(el, unwanted));
  if (!isObject(v)) return v;
  const out: Doc = {};
  for (const [k, val] of Object.entries(v)) {
    const hits = unwanted.filter((p) => p[0].toLowerCase() === k.toLowerCase());
    if (hits.some((p) => p.length === 1)) continue;
    out[k] = hits.length
      ? drop(
          val,
          hits.map((p) => p.slice(1)),
        )
      : val;
  }
  return out;
}

/**
 * Projects a resource. id and schemas are returned always (RFC 7643 §7); `attributes` keeps only
 * the named attributes (a sub-attribute keeps its parent with only that sub-attribute);
 * `excludedAttributes` removes the named ones.
 */
export function project(rs: ResourceSchema, resource: Doc, url: URL): Doc {
  const include = paths(rs, url.searchParams.get("attributes"));
  const exclude = paths(rs, url.searchParams.get("excludedAttributes")).filter(
    (p) => !(p.length === 1 && p[0] === "id"),
  );
  let out: Doc = resource;
  if (include.length) out = { ...(pick(resource, include) as Doc) };
  else if (exclude.length) out = drop(resource, exclude) as Doc;
  return { schemas: resource.schemas, id: resource.id, ...out };
}
