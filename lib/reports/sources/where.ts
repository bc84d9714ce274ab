// Which stored rows a report covers: the predicates of the usage and audit-based report types and
// the audit rows' keyset position. Built with the SQL template tag Prisma's client uses (the same
// Sql class, so $queryRaw takes them) but loaded without the Prisma client itself: the report file
// process reads rows on the raw driver alone (lib/reports/file-process.ts, ADR 0045).
import "server-only";
import { join, sqltag as sql, type Sql } from "@prisma/client/runtime/client";
import type { ReportParams } from "../spec";
import type { Snapshot } from "./common";

export const inList = (xs: string[]) => join(xs.map((x) => sql`${x}`));

/** Which entries belong to a type (documented in README "Reports"). */
export const AUDIT_SCOPE: Record<"access" | "data" | "security", Sql> = {
  access: sql`(e.category = 'access' OR e.action IN ('privilege_escalation', 'privilege_escalation_attempt', 'role.assign'))`,
  data: sql`(e.category = 'data' OR e.action LIKE 'privacy.%' OR e.action LIKE 'consent.%' OR e.action LIKE 'data.%'
    OR e.action LIKE 'report.%' OR e.action IN ('user.create', 'user.update', 'user.delete', 'user.deactivate', 'scim.user.create', 'scim.user.update', 'scim.user.deactivate', 'scim.user.delete'))`,
  security: sql`(e.category = 'security' OR e.action LIKE 'security.%' OR e.action = 'monitoring.alert')`,
};

export function actionMatch(types: string[]): Sql {
  const parts = types.map((t) =>
    t.endsWith(".*") ? sql`e.action LIKE ${t.slice(0, -1) + "%"}` : sql`e.action = ${t}`,
  );
  return sql`(${join(parts, " OR ")})`;
}

export function auditWhere(type: "access" | "data" | "security", p: ReportParams, s: Snapshot): Sql {
  const c: Sql[] = [
    AUDIT_SCOPE[type],
    sql`e.ts >= ${p.from}::timestamptz`,
    sql`e.ts < ${p.to}::timestamptz`,
    sql`e.seq <= ${s.uptoSeq}`,
  ];
  const f = p.filters;
  if (f.users.length)
    c.push(
      sql`(e.actor_ref IN (${inList(f.users)}) OR (e.target_type = 'user' AND e.target_id IN (${inList(f.users)})))`,
    );
  if (f.teams.length) {
    c.push(sql`(e.actor_ref IN (SELECT m.user_id FROM team_memberships m WHERE m.team_id IN (${inList(f.teams)}))
      OR (e.target_type = 'team' AND e.target_id IN (${inList(f.teams)})))`);
  }
  if (f.customers.length) {
    c.push(
      sql`(e.target_id IN (${inList(f.customers)}) OR e.target_id IN (SELECT v.id FROM virtual_keys v WHERE v.customer_id IN (${inList(f.customers)})))`,
    );
  }
  if (f.event_types.length) c.push(actionMatch(f.event_types));
  return join(c, " AND ");
}

/**
 * Keyset position of an audit report's rows: (ts, seq), read by the (tenant_id, ts) index, so a
 * window costs its own rows however long the chain is. In seq order a recent window began with
 * a scan from seq 1, and rows loaded in bulk (a backfill, an import: older times at newer seqs)
 * made a 24-hour report read the whole chain. Entries appended by Warden have ts in seq order,
 * so for them the two orders are the same.
 */
export function auditAfter(cursor: string | null): Sql {
  if (!cursor) return sql`TRUE`;
  const bar = cursor.indexOf("|");
  const ts = cursor.slice(0, bar);
  const seq = BigInt(cursor.slice(bar + 1));
  return sql`e.ts >= ${ts}::timestamptz AND (e.ts, e.seq) > (${ts}::timestamptz, ${seq})`;
}

export function usageWhere(p: ReportParams): Sql {
  return sql`u.ts >= ${p.from}::timestamptz AND u.ts < ${p.to}::timestamptz AND ${usageFilter(p)}`;
}

/** The filters alone, as a predicate over u (the rows, or the usage rollup relation). */
export function usageFilter(p: ReportParams): Sql {
  const c: Sql[] = [sql`TRUE`];
  const f = p.filters;
  if (f.users.length) c.push(sql`u.user_id IN (${inList(f.users)})`);
  if (f.teams.length) c.push(sql`u.team_id IN (${inList(f.teams)})`);
  if (f.customers.length) c.push(sql`u.customer_id IN (${inList(f.customers)})`);
  if (f.event_types.length) c.push(sql`u.status IN (${inList(f.event_types)})`);
  return join(c, " AND ");
}

/** The usage rows' keyset position: (ts, id). */
export function usageAfter(cursor: string | null): Sql {
  if (!cursor) return sql`TRUE`;
  const bar = cursor.indexOf("|");
  const ts = cursor.slice(0, bar);
  const id = cursor.slice(bar + 1);
  // The plain ts bound lets the (tenant_id, ts) index start at the cursor; the row comparison breaks ties.
  return sql`u.ts >= ${ts}::timestamptz AND (u.ts, u.id) > (${ts}::timestamptz, ${id})`;
}
