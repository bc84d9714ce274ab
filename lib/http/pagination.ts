// ?limit=&cursor= for every list. The cursor is the last id of the previous page (lists are
// ordered by id), so pages stay stable while rows are added.
import "server-only";
import { z } from "zod";

/** The paging half of every list's query; routes extend it with their filters and declare it as `query`. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe("Rows per page (1-200, default 50)"),
  cursor: z.string().max(100).optional().describe("The next_cursor of the previous page"),
});

/** The one list shape: `{ data, next_cursor }`; next_cursor is null on the last page. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), next_cursor: z.string().nullable() });
}

export type Page = z.infer<typeof pageQuery>;

export function readPage(req: Request): Page {
  const url = new URL(req.url);
  return pageQuery.parse({ limit: url.searchParams.get("limit") ?? undefined, cursor: url.searchParams.get("cursor") ?? undefined });
}

/**
 * Prisma args for one page: fetch one extra row to know whether another page exists. `where`
 * (a scope or filter) is combined with the cursor, so callers never merge the two by hand.
 */
export function pageArgs<W extends object>(page: Page, where?: W) {
  const after = page.cursor ? { id: { gt: page.cursor } } : undefined;
  const combined = after && where ? { AND: [after, where] } : (after ?? where);
  return { take: page.limit + 1, orderBy: { id: "asc" as const }, ...(combined ? { where: combined } : {}) };
}

export function pageOf<T extends { id: string }>(rows: T[], page: Page): { data: T[]; next_cursor: string | null } {
  const data = rows.slice(0, page.limit);
  return { data, next_cursor: rows.length > page.limit ? data[data.length - 1].id : null };
}
