// The detail rows of a report FILE, read in keyset batches on the raw driver (ADR 0026): each
// batch is its own short tenant transaction (withTenantSql: RLS as in withTenant), the rows come
// back with only the report's columns, already in the report's cell types (times formatted by
// the database), so a 10-million-row file costs neither per-row Prisma objects nor one long
// transaction. The predicates are the report sources' own (lib/reports/sources/: usageWhere, auditWhere),
// and every cell is exactly what Source.batch returns for the same row, so the bytes of a file
// do not depend on which reader produced it (tests/server/reports.test.ts compares them).
import "server-only";
import { raw, sqltag as sql, type Sql } from "@prisma/client/runtime/client";
import { withTenantSql, type SqlDatabase } from "@/lib/tenancy/with-tenant-sql";
import type { ReportParams, ReportType } from "./spec";
import type { Row, Snapshot } from "./sources/common";
import { auditAfter, auditWhere, usageAfter, usageWhere } from "./sources/where";

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** Whether rows of this type are read here (compliance rows are computed, not stored). */
export function readsRawRows(type: ReportType): type is "usage" | "access" | "data" | "security" {
  return type !== "compliance";
}

type Page = { rows: Row[]; next: string | null };

function usagePage(
  p: ReportParams,
  cursor: string | null,
  limit: number,
): { query: Sql; page: (rows: Record<string, unknown>[]) => Page } {
  const query = sql`
    SELECT to_char(u.ts AT TIME ZONE 'UTC', ${raw(ISO)}) AS ts, u.id, u.request_id, u.user_id, u.team_id, u.customer_id, u.virtual_key_id,
      u.provider, u.model, u.prompt_tokens, u.completion_tokens, u.cost_usd, u.latency_ms, u.status, u.http_status
    FROM usage_records u WHERE ${usageWhere(p)} AND ${usageAfter(cursor)} ORDER BY u.ts, u.id LIMIT ${limit}`;
  return {
    query,
    page: (rows) => {
      for (const r of rows) {
        r.prompt_tokens = Number(r.prompt_tokens);
        r.completion_tokens = Number(r.completion_tokens);
        r.cost_usd = Number(r.cost_usd).toFixed(6);
        r.latency_ms = Number(r.latency_ms);
        r.http_status = Number(r.http_status);
      }
      const last = rows[rows.length - 1];
      return { rows: rows as Row[], next: rows.length === limit ? `${last.ts}|${last.id}` : null };
    },
  };
}

function auditPage(
  type: "access" | "data" | "security",
  p: ReportParams,
  s: Snapshot,
  cursor: string | null,
  limit: number,
): { query: Sql; page: (rows: Record<string, unknown>[]) => Page } {
  const query = sql`
    SELECT e.seq, to_char(e.ts AT TIME ZONE 'UTC', ${raw(ISO)}) AS ts, e.action, e.category, e.outcome, e.actor_ref, s.display_name AS actor_name,
      e.actor_kind, e.target_type, e.target_id, e.ip, e.request_id, e.details, e.hash
    FROM audit_entries e LEFT JOIN audit_subjects s ON s.tenant_id = e.tenant_id AND s.actor_ref = e.actor_ref
    WHERE ${auditWhere(type, p, s)} AND ${auditAfter(cursor)} ORDER BY e.ts, e.seq LIMIT ${limit}`;
  return {
    query,
    page: (rows) => {
      for (const r of rows) {
        r.seq = Number(r.seq);
        const d = typeof r.details === "string" ? JSON.parse(r.details) : r.details;
        r.details = JSON.stringify(d ?? {});
      }
      const last = rows[rows.length - 1];
      return { rows: rows as Row[], next: rows.length === limit ? `${last.ts}|${last.seq}` : null };
    },
  };
}

/**
 * Every detail row of a usage or audit-based report, in the sources' order, `batch` rows per
 * tenant transaction. The consumer's pace is the reader's: the next batch is read only when asked.
 */
export async function* rawRowBatches(
  db: SqlDatabase,
  tenantId: string,
  type: "usage" | "access" | "data" | "security",
  p: ReportParams,
  s: Snapshot,
  batch: number,
): AsyncGenerator<Row[]> {
  const read = async (cursor: string | null): Promise<Page> => {
    const step: { query: Sql; page: (rows: Record<string, unknown>[]) => Page } =
      type === "usage" ? usagePage(p, cursor, batch) : auditPage(type, p, s, cursor, batch);
    const rows: Record<string, unknown>[] = await withTenantSql(db, tenantId, async (sql) => {
      // A keyset batch is always an index range scan. Without fresh statistics (PGlite has no
      // autovacuum; a bulk load) the planner may pick a full scan + sort per batch instead,
      // which makes a long report quadratic; these transaction-local settings rule that out.
      await sql.query("SET LOCAL enable_seqscan = off");
      await sql.query("SET LOCAL enable_bitmapscan = off");
      return sql.query<Record<string, unknown>>(step.query.text, step.query.values);
    });
    return step.page(rows);
  };
  // One batch read ahead: the database reads the next batch while the consumer renders this one
  // (memory: two batches). A read-ahead nobody waits for any more (the consumer stopped) is
  // caught here and dropped.
  let next: Promise<Page> | null = read(null);
  while (next) {
    const out: Page = await next;
    next = out.next ? read(out.next) : null;
    next?.catch(() => {});
    yield out.rows;
  }
}
