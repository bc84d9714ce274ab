// Reading the trail: the explorer's filters, cursor pagination (newest first, keyset on seq)
// and single entries, with display names joined from audit_subjects (outside the chain).
import "server-only";
import { z } from "zod";
import { WardenError } from "@/lib/errors";
import { pageQuery } from "@/lib/paging";
import { Prisma } from "@/lib/generated/prisma/client";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import type { EntryRow } from "./chain";
import { AUDIT_CATEGORIES } from "./taxonomy";

export const auditFilterSchema = z.object({
  from: z.iso.datetime({ offset: true }).optional().describe("Entries at or after this time (ISO 8601)"),
  to: z.iso.datetime({ offset: true }).optional().describe("Entries before this time (ISO 8601)"),
  actor: z.string().trim().min(1).max(200).optional().describe("An actor reference, or part of a name or e-mail"),
  action: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe("An action name; `prefix.*` matches a family (e.g. auth.*)"),
  category: z.enum(AUDIT_CATEGORIES).optional(),
  outcome: z.enum(["success", "failure", "denied"]).optional(),
  target: z.string().trim().min(1).max(200).optional().describe("A target id or target type"),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe("Free text over action, target, request id, actor and details"),
});
export type AuditFilters = z.infer<typeof auditFilterSchema>;

/** GET /v1/audit: the filters and the one paging query; the cursor is the seq of the last entry (keyset, newest first). */
export const auditListSchema = auditFilterSchema.extend(pageQuery.shape).extend({
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, "cursor is not valid")
    .optional()
    .describe("The next_cursor of the previous page (an entry's seq)"),
});

/** One audit entry as /v1 sends it: the sealed fields, plus the actor's name and e-mail from outside the chain. */
export const auditEntryViewSchema = z.object({
  id: z.string(),
  seq: z.number().int().describe("Position in the tenant's chain (1, 2, ...)"),
  ts: z.iso.datetime(),
  actor: z.object({
    ref: z.string().describe("Pseudonymous actor reference sealed in the chain"),
    kind: z.string(),
    name: z.string().nullable().describe("Display name (kept outside the chain; null once erased)"),
    email: z.string().nullable(),
  }),
  auth_method: z.string().nullable(),
  action: z.string(),
  category: z.enum(AUDIT_CATEGORIES),
  target: z.object({ type: z.string(), id: z.string().nullable() }).nullable(),
  outcome: z.enum(["success", "failure", "denied"]),
  ip: z.string().nullable(),
  request_id: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  prev_hash: z.string().describe("The previous entry's hash (hex)"),
  hash: z.string().describe("HMAC-SHA-256 over this entry's canonical JSON and prev_hash (hex)"),
  key_id: z.string().describe("The chain key the hash was made with"),
});
export type AuditEntryView = z.infer<typeof auditEntryViewSchema>;

type Row = EntryRow & { display_name: string | null; email: string | null };

export function toView(r: Row): AuditEntryView {
  return {
    id: r.id,
    seq: Number(r.seq),
    ts: new Date(r.ts).toISOString(),
    actor: { ref: r.actor_ref, kind: r.actor_kind, name: r.display_name, email: r.email },
    auth_method: r.auth_method,
    action: r.action,
    category: r.category as AuditEntryView["category"],
    target: r.target_type ? { type: r.target_type, id: r.target_id } : null,
    outcome: r.outcome as AuditEntryView["outcome"],
    ip: r.ip,
    request_id: r.request_id,
    details: (r.details ?? {}) as Record<string, unknown>,
    prev_hash: r.prev_hash,
    hash: r.hash,
    key_id: r.key_id,
  };
}

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function whereOf(f: AuditFilters): Prisma.Sql {
  const c: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (f.from) c.push(Prisma.sql`e.ts >= ${f.from}::timestamptz`);
  if (f.to) c.push(Prisma.sql`e.ts < ${f.to}::timestamptz`);
  if (f.actor)
    c.push(
      Prisma.sql`(e.actor_ref = ${f.actor} OR s.email ILIKE ${like(f.actor)} OR s.display_name ILIKE ${like(f.actor)})`,
    );
  if (f.action)
    c.push(
      f.action.endsWith(".*")
        ? Prisma.sql`e.action LIKE ${f.action.slice(0, -1) + "%"}`
        : Prisma.sql`e.action = ${f.action}`,
    );
  if (f.category) c.push(Prisma.sql`e.category = ${f.category}`);
  if (f.outcome) c.push(Prisma.sql`e.outcome = ${f.outcome}`);
  if (f.target) c.push(Prisma.sql`(e.target_id = ${f.target} OR e.target_type = ${f.target})`);
  if (f.q) {
    const q = like(f.q);
    c.push(Prisma.sql`(e.action ILIKE ${q} OR e.target_id ILIKE ${q} OR e.request_id ILIKE ${q} OR e.actor_ref ILIKE ${q}
      OR s.display_name ILIKE ${q} OR s.email ILIKE ${q} OR e.details::text ILIKE ${q})`);
  }
  return Prisma.join(c, " AND ");
}

const SELECT = Prisma.sql`SELECT e.*, s.display_name, s.email FROM audit_entries e
  LEFT JOIN audit_subjects s ON s.tenant_id = e.tenant_id AND s.actor_ref = e.actor_ref`;

export async function listAudit(tx: TenantTx, input: z.infer<typeof auditListSchema>) {
  const before = input.cursor ? Prisma.sql`AND e.seq < ${BigInt(input.cursor)}` : Prisma.empty;
  const rows = await tx.$queryRaw<
    Row[]
  >`${SELECT} WHERE ${whereOf(input)} ${before} ORDER BY e.seq DESC LIMIT ${input.limit + 1}`;
  const page = rows.slice(0, input.limit).map(toView);
  return { data: page, next_cursor: rows.length > input.limit ? String(page[page.length - 1].seq) : null };
}

/** Ascending batches for exports (bounded memory): entries with seq in (after, upto]. */
export async function exportBatch(tx: TenantTx, f: AuditFilters, after: number, upto: number, limit: number) {
  const rows = await tx.$queryRaw<
    Row[]
  >`${SELECT} WHERE ${whereOf(f)} AND e.seq > ${after} AND e.seq <= ${upto} ORDER BY e.seq LIMIT ${limit}`;
  return rows.map(toView);
}

export async function getAuditEntry(tx: TenantTx, id: string): Promise<AuditEntryView> {
  const rows = await tx.$queryRaw<Row[]>`${SELECT} WHERE e.id = ${id}`;
  if (!rows[0]) throw new WardenError("not_found", "No such audit entry");
  return toView(rows[0]);
}
