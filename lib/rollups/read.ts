// Reading the hourly rollups (ADR 0025) exactly. A time window is split into the whole UTC hours
// inside it, read from the rollup, and the partial hours at its edges, read from the raw rows by
// their (tenant_id, ts) index. Both halves are one weighted relation `e` (audit) or `u` (usage)
// with the raw table's column names, so a predicate written for the raw rows (action, category,
// outcome, actor_kind, ts; or key, user, team, customer, provider, model, status) applies to it
// unchanged and every count is sum(w), every total sum(...) over it, in ONE statement (one
// snapshot). A report's snapshot (audit entries up to a seq) subtracts the rows appended after
// it inside the rollup's hours, found by the (tenant_id, seq) index.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { TenantTx } from "@/lib/tenancy/with-tenant";

const HOUR = 3_600_000;

export interface TimeRange {
  /** null/undefined: unbounded */
  from?: Date | null;
  to?: Date | null;
  /** ts > from instead of ts >= from */
  fromExclusive?: boolean;
  /** ts <= to instead of ts < to */
  toInclusive?: boolean;
}

export interface HourSplit {
  /** Whole hours [a, b) read from the rollup; null bounds are open; none when `rollup` is false. */
  rollup: boolean;
  a: Date | null;
  b: Date | null;
}

const floorHour = (d: Date) => new Date(Math.floor(d.getTime() / HOUR) * HOUR);

/** The whole UTC hours inside a range; the rest of the range is its edges. */
export function splitHours(r: TimeRange): HourSplit {
  let a: Date | null = null;
  if (r.from) {
    const f = floorHour(r.from);
    a = f.getTime() === r.from.getTime() && !r.fromExclusive ? f : new Date(f.getTime() + HOUR);
  }
  const b = r.to ? floorHour(r.to) : null;
  return { rollup: !(a && b && a.getTime() >= b.getTime()), a, b };
}

const lower = (c: Prisma.Sql, r: TimeRange) =>
  r.from ? (r.fromExclusive ? Prisma.sql`${c} > ${r.from}` : Prisma.sql`${c} >= ${r.from}`) : null;
const upper = (c: Prisma.Sql, r: TimeRange) =>
  r.to ? (r.toInclusive ? Prisma.sql`${c} <= ${r.to}` : Prisma.sql`${c} < ${r.to}`) : null;
const and = (xs: (Prisma.Sql | null)[]) => {
  const ys = xs.filter((x): x is Prisma.Sql => x !== null);
  return ys.length ? Prisma.join(ys, " AND ") : Prisma.sql`TRUE`;
};

/** The raw rows the rollup does not cover: the whole range, or its partial edge hours (null: none). */
export function rawEdges(c: Prisma.Sql, r: TimeRange, s: HourSplit): Prisma.Sql | null {
  if (!s.rollup) return and([lower(c, r), upper(c, r)]);
  const parts: Prisma.Sql[] = [];
  if (s.a) parts.push(Prisma.sql`(${and([lower(c, r), Prisma.sql`${c} < ${s.a}`])})`);
  if (s.b) parts.push(Prisma.sql`(${and([Prisma.sql`${c} >= ${s.b}`, upper(c, r)])})`);
  return parts.length ? Prisma.sql`(${Prisma.join(parts, " OR ")})` : null;
}

const hours = (s: HourSplit) => and([s.a ? Prisma.sql`hour >= ${s.a}` : null, s.b ? Prisma.sql`hour < ${s.b}` : null]);
const inHours = (c: Prisma.Sql, s: HourSplit) =>
  and([s.a ? Prisma.sql`${c} >= ${s.a}` : null, s.b ? Prisma.sql`${c} < ${s.b}` : null]);

/**
 * Audit entries in a range as the weighted relation `e` (ts, action, category, outcome, actor_kind, w).
 * uptoSeq: count only entries up to that seq (a report's chain-head snapshot).
 */
export function auditRelation(r: TimeRange, uptoSeq?: number): Prisma.Sql {
  const s = splitHours(r);
  const parts: Prisma.Sql[] = [];
  const cols = Prisma.sql`ts, action, category, outcome, actor_kind`;
  const upto = uptoSeq === undefined ? null : Prisma.sql`seq <= ${uptoSeq}`;
  if (s.rollup) {
    parts.push(
      Prisma.sql`SELECT hour AS ts, action, category, outcome, actor_kind, n AS w FROM audit_rollup_hourly WHERE ${hours(s)}`,
    );
    if (uptoSeq !== undefined)
      parts.push(
        Prisma.sql`SELECT ${cols}, -1 AS w FROM audit_entries WHERE seq > ${uptoSeq} AND ${inHours(Prisma.sql`ts`, s)}`,
      );
  }
  const edges = rawEdges(Prisma.sql`ts`, r, s);
  if (edges) parts.push(Prisma.sql`SELECT ${cols}, 1 AS w FROM audit_entries WHERE ${and([edges, upto])}`);
  return Prisma.sql`(${Prisma.join(parts, " UNION ALL ")}) e`;
}

/** Entries in the range matching a predicate over e.action / e.category / e.outcome / e.actor_kind / e.ts. */
export async function countAudit(tx: TenantTx, r: TimeRange, where: Prisma.Sql, uptoSeq?: number): Promise<number> {
  const rows = await tx.$queryRaw<{ n: bigint | string | null }[]>(
    Prisma.sql`SELECT coalesce(sum(e.w), 0)::bigint AS n FROM ${auditRelation(r, uptoSeq)} WHERE ${where}`,
  );
  return Number(rows[0]?.n ?? 0);
}

export interface UsageOwners {
  virtualKeyIds?: string[];
  userIds?: string[];
  teamIds?: string[];
  customerIds?: string[];
}

const hasOwners = (o: UsageOwners) =>
  Boolean(o.virtualKeyIds?.length || o.userIds?.length || o.teamIds?.length || o.customerIds?.length);

/** The owner filters as a predicate over `u`. */
export function ownerWhere(o: UsageOwners): Prisma.Sql {
  const list = (col: string, xs?: string[]) =>
    xs?.length ? Prisma.sql`${Prisma.raw(`u.${col}`)} IN (${Prisma.join(xs)})` : null;
  return and([
    list("virtual_key_id", o.virtualKeyIds),
    list("user_id", o.userIds),
    list("team_id", o.teamIds),
    list("customer_id", o.customerIds),
  ]);
}

/**
 * Usage records in a range as the weighted relation `u` (ts, virtual_key_id, user_id, team_id,
 * customer_id, provider, model, status, n, prompt_tokens, completion_tokens, cost_usd). Without
 * owner filters it reads the provider x model x status rollup (few rows per hour), with them the
 * per-owner one.
 */
export function usageRelation(r: TimeRange, owners: UsageOwners = {}): Prisma.Sql {
  const s = splitHours(r);
  const parts: Prisma.Sql[] = [];
  const measures = Prisma.sql`requests AS n, prompt_tokens::bigint AS prompt_tokens, completion_tokens::bigint AS completion_tokens, cost_usd`;
  if (s.rollup) {
    parts.push(
      hasOwners(owners)
        ? Prisma.sql`SELECT hour AS ts, virtual_key_id, user_id, team_id, customer_id, provider, model, status, ${measures} FROM usage_rollup_hourly WHERE ${hours(s)}`
        : Prisma.sql`SELECT hour AS ts, NULL::text AS virtual_key_id, NULL::text AS user_id, NULL::text AS team_id, NULL::text AS customer_id, provider, model, status, ${measures} FROM usage_model_rollup_hourly WHERE ${hours(s)}`,
    );
  }
  const edges = rawEdges(Prisma.sql`ts`, r, s);
  if (edges) {
    parts.push(Prisma.sql`SELECT ts, virtual_key_id, user_id, team_id, customer_id, provider, model, status, 1::bigint AS n, prompt_tokens::bigint, completion_tokens::bigint, cost_usd
      FROM usage_records WHERE ${edges}`);
  }
  return Prisma.sql`(${Prisma.join(parts, " UNION ALL ")}) u`;
}

export interface UsageTotals {
  requests: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
}

/** Requests, tokens and cost of the usage records in a range, matching the owners and a predicate over `u`. */
export async function usageTotals(
  tx: TenantTx,
  r: TimeRange,
  owners: UsageOwners = {},
  where: Prisma.Sql = Prisma.sql`TRUE`,
): Promise<UsageTotals> {
  const [t] = await tx.$queryRaw<
    { n: bigint | null; p: bigint | null; c: bigint | null; cost: Prisma.Decimal | null }[]
  >(Prisma.sql`
    SELECT sum(u.n)::bigint AS n, sum(u.prompt_tokens)::bigint AS p, sum(u.completion_tokens)::bigint AS c, sum(u.cost_usd) AS cost
      FROM ${usageRelation(r, owners)} WHERE ${ownerWhere(owners)} AND ${where}`);
  return {
    requests: Number(t?.n ?? 0),
    prompt_tokens: Number(t?.p ?? 0),
    completion_tokens: Number(t?.c ?? 0),
    cost_usd: Number(t?.cost ?? 0),
  };
}
