// Audit-based report types (access, data, security): which entries, their figures and detail rows.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { auditRelation, rawEdges, splitHours, type TimeRange } from "@/lib/rollups/read";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import type { Breakdown, ChartSeries, Figure, ReportParams, ReportSummary } from "../spec";
import { fillDays, n, type Row, type Snapshot, type Source } from "./common";
import { actionMatch, AUDIT_SCOPE, auditAfter, auditWhere } from "./where";

const AUDIT_COLUMNS = [
  "seq",
  "ts",
  "action",
  "category",
  "outcome",
  "actor_ref",
  "actor_name",
  "actor_kind",
  "target_type",
  "target_id",
  "ip",
  "request_id",
  "details",
  "hash",
];

async function auditCount(tx: TenantTx, where: Prisma.Sql, extra: Prisma.Sql = Prisma.sql`TRUE`): Promise<number> {
  const r = await tx.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM audit_entries e WHERE ${where} AND ${extra}`;
  return n(r[0]?.n);
}

async function auditDaily(tx: TenantTx, where: Prisma.Sql, p: ReportParams, title: string): Promise<ChartSeries> {
  const rows = await tx.$queryRaw<{ d: string; n: bigint }[]>`
    SELECT to_char(date_trunc('day', e.ts AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS d, count(*) AS n
    FROM audit_entries e WHERE ${where} GROUP BY 1 ORDER BY 1`;
  return { title, points: fillDays(p, new Map(rows.map((r) => [r.d, n(r.n)]))) };
}

async function byAction(tx: TenantTx, where: Prisma.Sql): Promise<Breakdown> {
  const rows = await tx.$queryRaw<{ action: string; outcome: string; n: bigint }[]>`
    SELECT e.action, e.outcome, count(*) AS n FROM audit_entries e WHERE ${where} GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 40`;
  return {
    title: "Events by action",
    columns: ["Action", "Outcome", "Events"],
    rows: rows.map((r) => [r.action, r.outcome, n(r.n)]),
  };
}

async function auditBatch(tx: TenantTx, where: Prisma.Sql, cursor: string | null, limit: number) {
  const rows = await tx.$queryRaw<
    {
      seq: bigint;
      ts: Date;
      action: string;
      category: string;
      outcome: string;
      actor_ref: string;
      display_name: string | null;
      actor_kind: string;
      target_type: string | null;
      target_id: string | null;
      ip: string | null;
      request_id: string | null;
      details: unknown;
      hash: string;
    }[]
  >`SELECT e.seq, e.ts, e.action, e.category, e.outcome, e.actor_ref, s.display_name, e.actor_kind, e.target_type, e.target_id, e.ip, e.request_id, e.details, e.hash
    FROM audit_entries e LEFT JOIN audit_subjects s ON s.tenant_id = e.tenant_id AND s.actor_ref = e.actor_ref
    WHERE ${where} AND ${auditAfter(cursor)} ORDER BY e.ts, e.seq LIMIT ${limit}`;
  const out: Row[] = rows.map((r) => ({
    seq: Number(r.seq),
    ts: new Date(r.ts).toISOString(),
    action: r.action,
    category: r.category,
    outcome: r.outcome,
    actor_ref: r.actor_ref,
    actor_name: r.display_name,
    actor_kind: r.actor_kind,
    target_type: r.target_type,
    target_id: r.target_id,
    ip: r.ip,
    request_id: r.request_id,
    details: JSON.stringify(r.details ?? {}),
    hash: r.hash,
  }));
  const last = out[out.length - 1];
  return { rows: out, next: rows.length === limit ? `${last.ts}|${last.seq}` : null };
}

// Access: the unusual patterns, each one SQL statement over the same rows.
export const BURST = { failures: 5, minutes: 15 };
export const WORK_HOURS = { from: 7, to: 20 }; // UTC, Monday to Friday

const FAILED = Prisma.sql`(e.category = 'access' AND e.outcome <> 'success')`;
const ESCALATION = Prisma.sql`e.action IN ('privilege_escalation', 'privilege_escalation_attempt')`;
const OFF_HOURS_ADMIN = Prisma.sql`(e.actor_kind = 'user' AND (e.category IN ('admin', 'security') OR e.action = 'role.assign')
  AND (extract(hour FROM e.ts AT TIME ZONE 'UTC') < ${WORK_HOURS.from} OR extract(hour FROM e.ts AT TIME ZONE 'UTC') >= ${WORK_HOURS.to}
       OR extract(isodow FROM e.ts AT TIME ZONE 'UTC') >= 6))`;

async function failureBursts(tx: TenantTx, where: Prisma.Sql): Promise<number> {
  const r = await tx.$queryRaw<{ n: bigint }[]>`
    SELECT count(DISTINCT actor_ref) AS n FROM (
      SELECT e.actor_ref, count(*) OVER (PARTITION BY e.actor_ref ORDER BY e.ts RANGE BETWEEN ${`${BURST.minutes} minutes`}::interval PRECEDING AND CURRENT ROW) AS c
      FROM audit_entries e WHERE ${where} AND ${FAILED}) x
    WHERE c >= ${BURST.failures}`;
  return n(r[0]?.n);
}

/** Summaries read rollups unless a filter names people, teams or customers (not in the rollup). */
const byOwnerFilter = (p: ReportParams) =>
  p.filters.users.length > 0 || p.filters.teams.length > 0 || p.filters.customers.length > 0;
const windowOf = (p: ReportParams): TimeRange => ({ from: new Date(p.from), to: new Date(p.to) });

/** People with BURST.failures failures within BURST.minutes: certain from the hourly counts, or checked on their rows. */
async function failureBurstsFromRollup(tx: TenantTx, p: ReportParams, s: Snapshot, where: Prisma.Sql): Promise<number> {
  const r = windowOf(p);
  const split = splitHours(r);
  // Failed access events are counted per person and quarter hour (audit_access_failures_15m, BUCKET).
  // A burst's BURST.failures failures lie within two consecutive quarters, so one of the two holds at
  // least ANCHOR of them. Only person-quarters holding that many (the rollup's partial index
  // audit_access_failures_15m_hot_idx; most hold one) and their neighbour quarters are read, and
  // every other pair of quarters holds fewer than BURST.failures: the same answer, exactly.
  const ANCHOR = Math.ceil(BURST.failures / 2);
  const parts: Prisma.Sql[] = [];
  const anchors: Prisma.Sql[] = [];
  if (split.rollup) {
    const hours = Prisma.join(
      [
        split.a ? Prisma.sql`a.bucket >= ${split.a}` : Prisma.sql`TRUE`,
        split.b ? Prisma.sql`a.bucket < ${split.b}` : Prisma.sql`TRUE`,
      ],
      " AND ",
    );
    const inHours = Prisma.join(
      [
        split.a ? Prisma.sql`e.ts >= ${split.a}` : Prisma.sql`TRUE`,
        split.b ? Prisma.sql`e.ts < ${split.b}` : Prisma.sql`TRUE`,
      ],
      " AND ",
    );
    anchors.push(
      Prisma.sql`SELECT a.actor_ref, a.bucket FROM audit_access_failures_15m a WHERE ${hours} AND a.n >= ${ANCHOR}`,
    );
    parts.push(
      Prisma.sql`SELECT a.actor_ref, a.bucket, a.n AS w FROM audit_access_failures_15m a JOIN near ON near.actor_ref = a.actor_ref AND near.bucket = a.bucket WHERE ${hours}`,
    );
    parts.push(
      Prisma.sql`SELECT e.actor_ref, ${BUCKET_OF}, -1 FROM audit_entries e WHERE e.seq > ${s.uptoSeq} AND ${inHours} AND ${FAILED}`,
    );
  }
  const edges = rawEdges(Prisma.sql`e.ts`, r, split);
  if (edges) {
    // The window's partial edge hours come from the rows, every quarter of them an anchor (there are few).
    anchors.push(
      Prisma.sql`SELECT e.actor_ref, ${BUCKET_OF} FROM audit_entries e WHERE ${edges} AND e.seq <= ${s.uptoSeq} AND ${FAILED}`,
    );
    parts.push(
      Prisma.sql`SELECT e.actor_ref, ${BUCKET_OF}, 1 FROM audit_entries e WHERE ${edges} AND e.seq <= ${s.uptoSeq} AND ${FAILED}`,
    );
  }
  if (!parts.length) return 0;
  const people = await tx.$queryRaw<{ actor_ref: string; top: bigint; buckets: Date[] }[]>`
    WITH k (actor_ref, bucket) AS (${Prisma.join(anchors, " UNION ")}),
         near AS (SELECT DISTINCT k.actor_ref, k.bucket + d.n * interval '15 minutes' AS bucket FROM k CROSS JOIN (VALUES (-1), (0), (1)) d (n)),
         h AS (SELECT x.actor_ref, x.bucket, sum(x.w) AS n FROM (${Prisma.join(parts, " UNION ALL ")}) x (actor_ref, bucket, w) GROUP BY 1, 2 HAVING sum(x.w) > 0),
         q AS (SELECT actor_ref, bucket, n, n + CASE WHEN lead(bucket) OVER w = bucket + interval '15 minutes' THEN lead(n) OVER w ELSE 0 END AS pair
                 FROM h WINDOW w AS (PARTITION BY actor_ref ORDER BY bucket))
    SELECT actor_ref, max(n)::bigint AS top, array_agg(bucket ORDER BY bucket) FILTER (WHERE pair >= ${BURST.failures}) AS buckets
      FROM q GROUP BY 1 HAVING max(pair) >= ${BURST.failures}`;
  // A window of BURST.minutes spans at most two consecutive quarters, so nobody else can have a burst.
  // A bucket split into spans of BURST.minutes holding more than spans x (failures - 1) holds one.
  const quarters = Math.ceil(BUCKET_MS / 60_000 / BURST.minutes);
  const certain = people.filter((x) => Number(x.top) > quarters * (BURST.failures - 1)).length;
  // The rest have at most quarters x (failures - 1) failures in any bucket. A burst of theirs lies
  // within a bucket and the next whose failures add up to BURST.failures, so only those two
  // buckets' rows are read (by audit_entries_access_failed_idx), merged into disjoint ranges per
  // person. Reading fewer rows can only lower a count, and every burst's rows are read: exact.
  const ranges: { actor: string; a: Date; b: Date }[] = [];
  for (const x of people.filter((p) => Number(p.top) <= quarters * (BURST.failures - 1))) {
    for (const h of x.buckets.map((d) => new Date(d).getTime())) {
      const last = ranges[ranges.length - 1];
      if (last && last.actor === x.actor_ref && last.b.getTime() >= h) last.b = new Date(h + 2 * BUCKET_MS);
      else ranges.push({ actor: x.actor_ref, a: new Date(h), b: new Date(h + 2 * BUCKET_MS) });
    }
  }
  if (!ranges.length) return certain;
  const actors = ranges.map((r) => r.actor);
  const froms = ranges.map((r) => r.a.toISOString());
  const tos = ranges.map((r) => r.b.toISOString());
  const r2 = await tx.$queryRaw<{ n: bigint }[]>`
    SELECT count(DISTINCT actor_ref) AS n FROM (
      SELECT e.actor_ref, count(*) OVER (PARTITION BY e.actor_ref ORDER BY e.ts RANGE BETWEEN ${`${BURST.minutes} minutes`}::interval PRECEDING AND CURRENT ROW) AS c
        FROM unnest(${actors}::text[], ${froms}::timestamptz[], ${tos}::timestamptz[]) AS k (actor_ref, a, b)
        JOIN audit_entries e ON e.actor_ref = k.actor_ref AND e.ts >= k.a AND e.ts < k.b
       WHERE ${where} AND ${FAILED}) x
    WHERE c >= ${BURST.failures}`;
  return certain + n(r2[0]?.n);
}

/** The failure rollup's bucket: a quarter hour, UTC-aligned, as the trigger computes it (migration 20261206090000). */
const BUCKET_MS = 15 * 60_000;
const BUCKET_OF = Prisma.sql`date_bin('15 minutes', e.ts, TIMESTAMPTZ '2000-01-01 00:00:00+00')`;

/** Successful sign-ins from a new /16: the first sign-in per person and network, kept by the audit triggers. */
async function newNetworksFromRollup(tx: TenantTx, p: ReportParams, where: Prisma.Sql): Promise<number> {
  const r = await tx.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM audit_login_networks l
      JOIN audit_login_networks f ON f.tenant_id = l.tenant_id AND f.actor_ref = l.actor_ref AND f.net = '*'
      JOIN audit_entries e ON e.tenant_id = l.tenant_id AND e.seq = l.first_seq
     WHERE l.net <> '*' AND l.first_ts >= ${p.from}::timestamptz AND l.first_ts < ${p.to}::timestamptz AND l.first_seq > f.first_seq AND ${where}`;
  return n(r[0]?.n);
}

export function auditSource(type: "access" | "data" | "security"): Source {
  return {
    columns: AUDIT_COLUMNS,
    async summary(tx, p, s) {
      if (byOwnerFilter(p)) return rawAuditSummary(tx, type, p, s);
      const w = auditWhere(type, p, s);
      // Everything but the window and the snapshot (those are the relation's) as a predicate over e.
      const scope = p.filters.event_types.length
        ? Prisma.sql`${AUDIT_SCOPE[type]} AND ${actionMatch(p.filters.event_types)}`
        : AUDIT_SCOPE[type];
      const rel = auditRelation(windowOf(p), s.uptoSeq);
      const defs: [string, string, Prisma.Sql][] = [];
      if (type === "access") {
        defs.push(["logins", "Sign-ins", Prisma.sql`e.action = 'auth.login' AND e.outcome = 'success'`]);
        defs.push(["logouts", "Sign-outs", Prisma.sql`e.action = 'auth.logout'`]);
        defs.push(["failed_auth", "Failed authentications", FAILED]);
        defs.push(["privilege_escalations", "Privilege escalations", ESCALATION]);
        defs.push(["off_hours_admin", "Off-hours admin actions", OFF_HOURS_ADMIN]);
      } else if (type === "data") {
        defs.push([
          "exports",
          "Exports and reports",
          Prisma.sql`(e.action LIKE '%export%' OR e.action LIKE 'report.%')`,
        ]);
        defs.push(["consent_changes", "Consent changes", Prisma.sql`e.action LIKE 'consent.%'`]);
        defs.push(["privacy_requests", "Data subject requests", Prisma.sql`e.action = 'privacy.request.created'`]);
        defs.push([
          "modifications",
          "Personal data changes",
          Prisma.sql`(e.action LIKE 'user.%' OR e.action LIKE 'scim.user.%')`,
        ]);
      } else {
        defs.push(["denied", "Denied or failed", Prisma.sql`e.outcome <> 'success'`]);
        defs.push(["privilege_escalations", "Privilege escalations", ESCALATION]);
        defs.push(["role_changes", "Role changes", Prisma.sql`e.action LIKE 'role.%'`]);
        defs.push(["authz_denied", "Authorization denials", Prisma.sql`e.action = 'authz.denied'`]);
        defs.push(["chain_incidents", "Audit chain incidents", Prisma.sql`e.action = 'audit.chain_broken'`]);
        defs.push(["alerts", "Monitoring alerts", Prisma.sql`e.action = 'monitoring.alert'`]);
      }
      const sums = defs.map(
        ([, , x], i) => Prisma.sql`coalesce(sum(e.w) FILTER (WHERE ${x}), 0)::bigint AS ${Prisma.raw(`f${i}`)}`,
      );
      const [t] = await tx.$queryRaw<
        Record<string, bigint>[]
      >`SELECT coalesce(sum(e.w), 0)::bigint AS total, ${Prisma.join(sums)} FROM ${rel} WHERE ${scope}`;
      const value = new Map(defs.map(([key], i) => [key, n(t[`f${i}`])]));
      const total = n(t.total);
      const figures: Figure[] = [{ key: "events", label: "Events", value: total }];
      const fig = (key: string) => {
        const d = defs.find((x) => x[0] === key)!;
        figures.push({ key, label: d[1], value: value.get(key)! });
      };
      if (type === "access") {
        for (const k of ["logins", "logouts", "failed_auth", "privilege_escalations"]) fig(k);
        const bursts = p.filters.event_types.length
          ? await failureBursts(tx, w)
          : await failureBurstsFromRollup(tx, p, s, w);
        figures.push({
          key: "failure_bursts",
          label: `People with ${BURST.failures}+ failures in ${BURST.minutes} min`,
          value: bursts,
        });
        figures.push({
          key: "new_networks",
          label: "Sign-ins from a new network",
          value: await newNetworksFromRollup(tx, p, w),
        });
        fig("off_hours_admin");
      } else if (type === "data") {
        fig("exports");
        // The request's kind is in its details: these few entries are read by the (tenant_id, action, seq) index.
        figures.push({
          key: "deletion_requests",
          label: "Deletion (erasure) requests",
          value: await auditCount(
            tx,
            w,
            Prisma.sql`e.action = 'privacy.request.created' AND e.details->>'kind' = 'erasure'`,
          ),
        });
        for (const k of ["consent_changes", "privacy_requests", "modifications"]) fig(k);
      } else {
        for (const d of defs) fig(d[0]);
      }
      const daily = await tx.$queryRaw<{ d: string; n: bigint }[]>`
        SELECT to_char(date_trunc('day', e.ts AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS d, sum(e.w)::bigint AS n
          FROM ${rel} WHERE ${scope} GROUP BY 1 HAVING sum(e.w) <> 0 ORDER BY 1`;
      const actions = await tx.$queryRaw<{ action: string; outcome: string; n: bigint }[]>`
        SELECT e.action, e.outcome, sum(e.w)::bigint AS n FROM ${rel} WHERE ${scope} GROUP BY 1, 2 HAVING sum(e.w) <> 0 ORDER BY 3 DESC, 1, 2 LIMIT 40`;
      return {
        figures,
        chart: { title: "Events per day (UTC)", points: fillDays(p, new Map(daily.map((r) => [r.d, n(r.n)]))) },
        breakdowns: [
          {
            title: "Events by action",
            columns: ["Action", "Outcome", "Events"],
            rows: actions.map((r) => [r.action, r.outcome, n(r.n)]),
          },
        ],
        rows: total,
        columns: AUDIT_COLUMNS,
      };
    },
    batch: (tx, p, s, cursor, limit) => auditBatch(tx, auditWhere(type, p, s), cursor, limit),
  };
}

/** The summary over the raw rows: for filters on people, teams or customers, which the rollups do not carry. */
async function rawAuditSummary(
  tx: TenantTx,
  type: "access" | "data" | "security",
  p: ReportParams,
  s: Snapshot,
): Promise<ReportSummary> {
  const w = auditWhere(type, p, s);
  const total = await auditCount(tx, w);
  const figures: Figure[] = [{ key: "events", label: "Events", value: total }];
  const add = async (key: string, label: string, extra: Prisma.Sql) =>
    figures.push({ key, label, value: await auditCount(tx, w, extra) });
  if (type === "access") {
    await add("logins", "Sign-ins", Prisma.sql`e.action = 'auth.login' AND e.outcome = 'success'`);
    await add("logouts", "Sign-outs", Prisma.sql`e.action = 'auth.logout'`);
    await add("failed_auth", "Failed authentications", FAILED);
    await add("privilege_escalations", "Privilege escalations", ESCALATION);
    figures.push({
      key: "failure_bursts",
      label: `People with ${BURST.failures}+ failures in ${BURST.minutes} min`,
      value: await failureBursts(tx, w),
    });
    figures.push({
      key: "new_networks",
      label: "Sign-ins from a new network",
      value: await newNetworksFromRollup(tx, p, w),
    });
    await add("off_hours_admin", "Off-hours admin actions", OFF_HOURS_ADMIN);
  } else if (type === "data") {
    await add("exports", "Exports and reports", Prisma.sql`(e.action LIKE '%export%' OR e.action LIKE 'report.%')`);
    await add(
      "deletion_requests",
      "Deletion (erasure) requests",
      Prisma.sql`e.action = 'privacy.request.created' AND e.details->>'kind' = 'erasure'`,
    );
    await add("consent_changes", "Consent changes", Prisma.sql`e.action LIKE 'consent.%'`);
    await add("privacy_requests", "Data subject requests", Prisma.sql`e.action = 'privacy.request.created'`);
    await add(
      "modifications",
      "Personal data changes",
      Prisma.sql`(e.action LIKE 'user.%' OR e.action LIKE 'scim.user.%')`,
    );
  } else {
    await add("denied", "Denied or failed", Prisma.sql`e.outcome <> 'success'`);
    await add("privilege_escalations", "Privilege escalations", ESCALATION);
    await add("role_changes", "Role changes", Prisma.sql`e.action LIKE 'role.%'`);
    await add("authz_denied", "Authorization denials", Prisma.sql`e.action = 'authz.denied'`);
    await add("chain_incidents", "Audit chain incidents", Prisma.sql`e.action = 'audit.chain_broken'`);
    await add("alerts", "Monitoring alerts", Prisma.sql`e.action = 'monitoring.alert'`);
  }
  return {
    figures,
    chart: await auditDaily(tx, w, p, "Events per day (UTC)"),
    breakdowns: [await byAction(tx, w)],
    rows: total,
    columns: AUDIT_COLUMNS,
  };
}
