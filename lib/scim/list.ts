// Shared query handling for SCIM lists and reads: startIndex/count (RFC 7644 §3.4.2.4),
// sortBy/sortOrder, and attributes/excludedAttributes projection (§3.4.2.5).
import "server-only";
import { normalizeAttrPath, type AttrSpec } from "./attribute-map";
import { ScimError } from "./errors";
import { filterToWhere, parseScimFilter, type Where } from "./filter";

export const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const MAX_COUNT = 200;

export interface ListQuery {
  where: Where;
  skip: number;
  take: number;
  startIndex: number;
  orderBy: Record<string, "asc" | "desc">[];
}

export function listQuery(url: URL, attrs: Record<string, AttrSpec>): ListQuery {
  const q = url.searchParams;
  const filter = q.get("filter");
  const where = filter ? filterToWhere(parseScimFilter(filter), attrs) : {};
  const startIndex = Math.max(1, Number.parseInt(q.get("startIndex") ?? "1", 10) || 1);
  const rawCount = q.get("count");
  const count = rawCount === null ? 100 : Number.parseInt(rawCount, 10);
  const take = Number.isFinite(count) ? Math.min(Math.max(count, 0), MAX_COUNT) : 100;
  const orderBy: Record<string, "asc" | "desc">[] = [];
  const sortBy = q.get("sortBy");
  if (sortBy) {
    const s = attrs[normalizeAttrPath(sortBy)];
    if (!s || !("field" in s) || s.kind === "member") throw new ScimError(400, `Sorting by "${sortBy}" is not supported`, "invalidValue");
    orderBy.push({ [s.field]: q.get("sortOrder")?.toLowerCase() === "descending" ? "desc" : "asc" });
  }
  orderBy.push({ createdAt: "asc" }, { id: "asc" });
  return { where, skip: startIndex - 1, take, startIndex, orderBy };
}

export function listResponse(resources: Record<string, unknown>[], total: number, startIndex: number) {
  return { schemas: [LIST_SCHEMA], totalResults: total, startIndex, itemsPerPage: resources.length, Resources: resources };
}

function split(v: string | null): string[] {
  return v ? v.split(",").map((s) => normalizeAttrPath(s)).filter(Boolean) : [];
}

/** Projects a resource; id and schemas are always returned (RFC 7643 §7 "returned: always"). */
export function project(resource: Record<string, unknown>, url: URL): Record<string, unknown> {
  const include = split(url.searchParams.get("attributes"));
  const exclude = split(url.searchParams.get("excludedAttributes"));
  if (include.length === 0 && exclude.length === 0) return resource;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(resource)) {
    const key = k.toLowerCase();
    if (key === "id" || key === "schemas") {
      out[k] = v;
      continue;
    }
    if (include.length > 0) {
      if (include.includes(key)) out[k] = v;
      else {
        const subs = include.filter((p) => p.startsWith(key + ".")).map((p) => p.slice(key.length + 1));
        if (subs.length && v && typeof v === "object" && !Array.isArray(v)) {
          out[k] = Object.fromEntries(Object.entries(v).filter(([sk]) => subs.includes(sk.toLowerCase())));
        } else if (subs.length && Array.isArray(v)) {
          out[k] = v.map((el) => Object.fromEntries(Object.entries(el as object).filter(([sk]) => subs.includes(sk.toLowerCase()))));
        }
      }
    } else if (!exclude.includes(key)) {
      out[k] = v;
    }
  }
  return out;
}
