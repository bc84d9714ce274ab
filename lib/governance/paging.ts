// `?limit=&cursor=` for governance lists (id-ordered keyset pagination).
import { z } from "zod";

export const pageSchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(100).optional() });

export function pageOf(url: string) {
  const q = new URL(url).searchParams;
  return pageSchema.parse({ limit: q.get("limit") ?? undefined, cursor: q.get("cursor") ?? undefined });
}

export function paged<T extends { id: string }>(rows: T[], limit: number) {
  return { data: rows.slice(0, limit), next_cursor: rows.length > limit ? rows[limit - 1].id : null };
}
