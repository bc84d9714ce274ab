// The query of one governance console list: search text, a sort column from the entity's
// whitelist, a direction and a page, read from the page's URL search params. Anything invalid
// (unknown column, page "abc", a page past the end) falls back to the defaults, never an error.
import { z } from "zod";
import { firstParam } from "@/lib/search-params";

export const PAGE_SIZE = 20;
export type SortDir = "asc" | "desc";
export type ListQuery = { q: string; sort: string; dir: SortDir; page: number; pageSize: number };
/** One page of a list, and where it sits in the whole. */
export type ListPage<T> = { rows: T[]; total: number; page: number; pageSize: number };
export type SearchParams = Record<string, string | string[] | undefined>;

const text = z.string().trim().max(200).catch("");
const dirSchema = z.enum(["asc", "desc"]);
const pageSchema = z.coerce.number().int().min(1).max(1_000_000).catch(1);

/**
 * Reads `q`, `sort`, `dir` and `page` (each with `prefix` in front when a page has two lists)
 * against the entity's sortable columns; the default sort applies when `sort` is missing or unknown.
 */
export function parseListQuery(
  sp: SearchParams,
  sortable: readonly string[],
  defaults: { sort: string; dir: SortDir },
  prefix = "",
): ListQuery {
  const sort = z.enum(sortable as [string, ...string[]]).safeParse(firstParam(sp[`${prefix}sort`]));
  const dir = dirSchema.safeParse(firstParam(sp[`${prefix}dir`]));
  return {
    q: text.parse(firstParam(sp[`${prefix}q`]) ?? ""),
    sort: sort.success ? sort.data : defaults.sort,
    dir: dir.success && sort.success ? dir.data : sort.success ? "asc" : defaults.dir,
    page: pageSchema.parse(firstParam(sp[`${prefix}page`]) ?? 1),
    pageSize: PAGE_SIZE,
  };
}

/** The query a row function uses when given only part of one (tests, other callers). */
export function fullQuery(
  q: Partial<ListQuery> | undefined,
  sortable: readonly string[],
  defaults: { sort: string; dir: SortDir },
): ListQuery {
  const sort = q?.sort && sortable.includes(q.sort) ? q.sort : defaults.sort;
  return {
    q: (q?.q ?? "").trim().slice(0, 200),
    sort,
    dir: q?.sort && sort === q.sort ? (q.dir === "desc" ? "desc" : "asc") : defaults.dir,
    page: Number.isInteger(q?.page) && q!.page! >= 1 ? q!.page! : 1,
    pageSize: Number.isInteger(q?.pageSize) && q!.pageSize! >= 1 && q!.pageSize! <= 200 ? q!.pageSize! : PAGE_SIZE,
  };
}

/** The page to show once the total is known: past the end means the last page. */
export function clampPage(page: number, pageSize: number, total: number) {
  return Math.min(page, Math.max(1, Math.ceil(total / pageSize)));
}
