// ?limit=&cursor= for every list. The cursor is the last id of the previous page (lists are
// ordered by id), so pages stay stable while rows are added. Lists whose order is a time
// (newest first: alerts, reports, deliveries, logs) page with keysetArgs/keysetOf on the same
// query: the cursor carries the previous page's last (time, id), see ADR 0023.
import "server-only";
import { z } from "zod";
import { WardenError } from "@/lib/errors";

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

type Dir = "asc" | "desc";
type Keyset<K extends string> = { take: number; orderBy: [Record<K, Dir>, { id: Dir }] };

const cursorError = () =>
  new WardenError("invalid_request", "cursor is not a next_cursor of this list", {
    issues: [{ path: "cursor", message: "Use the next_cursor of the previous page" }],
  });

/** An opaque cursor made of a few parts (base64url of "a|b"); parts never contain "|". */
export function encodeCursor(...parts: string[]): string {
  return Buffer.from(parts.join("|"), "utf8").toString("base64url");
}

/** The parts of a cursor made by encodeCursor; anything else is a 400 naming the cursor. */
export function decodeCursor(cursor: string, count: number): string[] {
  const parts = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (parts.length !== count || parts.some((p) => !/^[A-Za-z0-9_.:-]{1,64}$/.test(p))) throw cursorError();
  return parts;
}

function decodeKeyset(cursor: string): { at: Date; id: string } {
  const [iso, id] = decodeCursor(cursor, 2);
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw cursorError();
  return { at, id };
}

/**
 * Prisma args for one page of a list ordered by a time column `key` and then id (newest first by
 * default); `where` (scope, filters) is combined with the cursor as in pageArgs. Times are stored
 * to the millisecond (timestamptz(3)), so the cursor's ISO time compares exactly.
 */
export function keysetArgs<K extends string, W extends object = never>(
  page: Page,
  key: K,
  where?: W,
  dir: Dir = "desc",
) {
  const c = page.cursor ? decodeKeyset(page.cursor) : null;
  const op = dir === "desc" ? "lt" : "gt";
  const after = c ? { OR: [{ [key]: { [op]: c.at } }, { [key]: c.at, id: { [op]: c.id } }] } : undefined;
  const combined = after && where ? { AND: [after, where] } : (after ?? where);
  const out = {
    take: page.limit + 1,
    orderBy: [{ [key]: dir }, { id: dir }],
    ...(combined ? { where: combined } : {}),
  };
  // The computed keys are the caller's column; Prisma checks the result against the model.
  return out as Keyset<K> & { where?: W };
}

/** One keyset page of rows read with keysetArgs; `at` is the row's value of the ordering column. */
export function keysetOf<T extends { id: string }>(
  rows: T[],
  page: Page,
  at: (row: T) => Date,
): { data: T[]; next_cursor: string | null } {
  const data = rows.slice(0, page.limit);
  const last = data[data.length - 1];
  return { data, next_cursor: rows.length > page.limit ? encodeCursor(at(last).toISOString(), last.id) : null };
}
