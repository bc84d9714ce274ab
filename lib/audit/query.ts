// Reading the trail: the explorer's filters, cursor pagination (newest first, keyset on seq)
// and single entries, with display names joined from audit_subjects (outside the chain).
import "server-only";
import { z } from "zod";
import { WardenError } from "@/lib/errors";
import { pageQuery } from "@/lib/paging";
import { Prisma } from "@/lib/generated/prisma/client";
import { tenantIdOf, type TenantTx } from "@/lib/tenancy/with-tenant";
import { chainHead, type EntryRow } from "./chain";
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
  if (f.actor) c.push(actorCondition(f.actor));
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

/** The actor filter: the value as an actor reference, or part of the name or e-mail kept for one. */
function actorCondition(actor: string): Prisma.Sql {
  return Prisma.sql`(e.actor_ref = ${actor} OR s.email ILIKE ${like(actor)} OR s.display_name ILIKE ${like(actor)})`;
}

/** The actor references an actor filter stands for: the value itself and every subject whose name or e-mail holds it. */
async function actorRefsOf(tx: TenantTx, actor: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ actor_ref: string }[]>`SELECT actor_ref FROM audit_subjects
    WHERE tenant_id = ${await tenantIdOf(tx)} AND (email ILIKE ${like(actor)} OR display_name ILIKE ${like(actor)})`;
  return [...new Set([actor, ...rows.map((r) => r.actor_ref)])];
}

/**
 * How many of the newest entries a free-text search reads in seq order before it asks the
 * planner: WARDEN_AUDIT_SEARCH_PROBE, default 20,000 (about 20 ms of reading on PostgreSQL).
 */
export function searchProbeEntries(): number {
  const n = Number(process.env.WARDEN_AUDIT_SEARCH_PROBE || 20_000);
  return Number.isInteger(n) && n > 0 ? n : 20_000;
}

// One page, newest first. Four shapes, each keeping its cost to what it returns at any trail size:
// - actor: one backward walk of (tenant_id, actor_ref, seq) per actor reference the filter stands for,
//   merged. A predicate joining audit_subjects cannot use that index, and an actor with a handful of
//   entries in ten million made PostgreSQL read the whole trail backwards (seconds).
// - target (an id or a type): one backward walk of (tenant_id, target_id, seq) and one of
//   (tenant_id, target_type, seq), merged, an entry matched by both once. A key or a user with a handful
//   of entries in ten million cost a read of the whole trail while the probe below served it.
// - free text (no index holds a substring of seven columns): the newest searchProbeEntries() entries are
//   read in seq order first (bounded work; a frequent term fills the page here), and only when that leaves
//   the page short does the planner get the rest. Its estimate for ILIKE over seven columns is a guess that
//   made it read and sort a whole time window even when the newest hundred entries held the page.
// - anything else: one query; the planner walks (tenant_id, seq) or an index of the filter.
export async function listAudit(tx: TenantTx, input: z.infer<typeof auditListSchema>) {
  const { cursor, limit, actor, ...rest } = input;
  const n = limit + 1;
  const below = (seq: bigint | null) => (seq === null ? Prisma.empty : Prisma.sql`AND e.seq < ${seq}`);
  const upper = cursor ? BigInt(cursor) : null;
  let rows: Row[];
  if (actor) {
    const refs = await actorRefsOf(tx, actor);
    rows = await tx.$queryRaw<Row[]>`SELECT x.* FROM unnest(${refs}::text[]) AS r(ref) CROSS JOIN LATERAL (
      ${SELECT} WHERE e.actor_ref = r.ref AND ${whereOf(rest)} ${below(upper)} ORDER BY e.seq DESC LIMIT ${n}) x
      ORDER BY x.seq DESC LIMIT ${n}`;
  } else if (rest.target) {
    const others = whereOf({ ...rest, target: undefined });
    rows = await tx.$queryRaw<Row[]>`SELECT DISTINCT ON (x.seq) x.* FROM (
      (${SELECT} WHERE e.target_id = ${rest.target} AND ${others} ${below(upper)} ORDER BY e.seq DESC LIMIT ${n})
      UNION ALL
      (${SELECT} WHERE e.target_type = ${rest.target} AND ${others} ${below(upper)} ORDER BY e.seq DESC LIMIT ${n})
    ) x ORDER BY x.seq DESC LIMIT ${n}`;
  } else if (rest.q) {
    const top = upper ?? BigInt((await chainHead(tx)).seq + 1);
    const floor = top - BigInt(searchProbeEntries());
    rows = await tx.$queryRaw<Row[]>`${SELECT} WHERE ${whereOf(rest)} AND e.seq < ${top} AND e.seq >= ${floor}
      ORDER BY e.seq DESC LIMIT ${n}`;
    if (rows.length < n && floor > BigInt(1))
      rows = rows.concat(
        await tx.$queryRaw<Row[]>`${SELECT} WHERE ${whereOf(rest)} AND e.seq < ${floor}
          ORDER BY e.seq DESC LIMIT ${n - rows.length}`,
      );
  } else {
    rows = await tx.$queryRaw<Row[]>`${SELECT} WHERE ${whereOf(rest)} ${below(upper)} ORDER BY e.seq DESC LIMIT ${n}`;
  }
  const page = rows.slice(0, limit).map(toView);
  return { data: page, next_cursor: rows.length > limit ? String(page[page.length - 1].seq) : null };
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
