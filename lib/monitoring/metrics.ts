// Metric values for conditions, read from the tenant's own rows (audit entries, usage records,
// budgets, verifications) inside the tenant transaction. A measurement yields findings: one per
// window bucket for counts, one per budget for usage, one per export for per-event export sizes.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { countAudit, usageTotals } from "@/lib/rollups/read";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { formatBytes, type Condition, type Metric } from "./condition";

export interface Evidence {
  label: string;
  href: string;
}

export interface Finding {
  /** Dedupe key: the rule fires at most once per key. */
  key: string;
  value: number;
  /** Human figure, e.g. "12 failed sign-ins in 1h" */
  label: string;
  evidence: Evidence[];
}

/** Audit actions whose arrival can change a metric (the event-driven trigger). */
export const METRIC_ACTIONS: Record<Metric, string[]> = {
  failed_logins: ["auth.login_failed"],
  data_export_size: ["audit.export", "data.export", "report.generate"],
  usage: ["gateway.budget_exceeded"],
  rate_limit_violations: ["gateway.rate_limited"],
  budget_exceeded: ["gateway.budget_exceeded"],
  privilege_escalations: ["privilege_escalation"],
  new_admins: [
    "role.assign",
    "user.update",
    "user.create",
    "privilege_escalation",
    "scim.user.update",
    "scim.user.create",
  ],
  authz_denials: ["authz.denied"],
  break_glass_logins: ["auth.break_glass_login"],
  audit_chain_broken: ["audit.chain_broken", "audit.verify"],
  // Gate-only: measured by the change itself (lib/monitoring/power.ts), never by the evaluator.
  admin_grant: [],
  idp_change: [],
};

const EXPORT_ACTIONS = METRIC_ACTIONS.data_export_size;
const EXPORT_BYTES = Prisma.sql`COALESCE((details->>'estimated_bytes')::numeric, (details->>'size_bytes')::numeric, (details->>'bytes')::numeric, 0)`;

async function scalar(tx: TenantTx, q: Prisma.Sql): Promise<number> {
  const rows = await tx.$queryRaw<{ n: bigint | number | string | null }[]>(q);
  return Number(rows[0]?.n ?? 0);
}

// since < ts <= until: whole hours from the rollups, the edge hours from the rows (ADR 0025).
const auditActions = (tx: TenantTx, action: string, since: Date, until: Date) =>
  countAudit(tx, { from: since, fromExclusive: true, to: until, toInclusive: true }, Prisma.sql`e.action = ${action}`);
const countUsage = async (tx: TenantTx, status: string, since: Date, until: Date) =>
  (
    await usageTotals(
      tx,
      { from: since, fromExclusive: true, to: until, toInclusive: true },
      {},
      Prisma.sql`u.status = ${status}`,
    )
  ).requests;

/** The fixed bucket containing now: a rule fires at most once per bucket. */
export function bucketOf(now: Date, windowMs: number): string {
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs).toISOString();
}

export async function measure(
  tx: TenantTx,
  c: Condition,
  now: Date,
  opts: { exportEntryIds?: string[] } = {},
): Promise<Finding[]> {
  const w = c.windowMs ?? 0;
  const since = new Date(now.getTime() - w);
  const key = c.windowMs ? bucketOf(now, c.windowMs) : "state";
  const one = (value: number, label: string, evidence: Evidence[]): Finding[] => [{ key, value, label, evidence }];
  const audit = (action: string) => `/audit?action=${encodeURIComponent(action)}`;
  switch (c.metric) {
    case "failed_logins": {
      const n = await auditActions(tx, "auth.login_failed", since, now);
      return one(n, `${n} failed sign-in(s) in ${c.window}`, [
        { label: "Failed sign-ins", href: audit("auth.login_failed") },
      ]);
    }
    case "privilege_escalations": {
      const n = await auditActions(tx, "privilege_escalation", since, now);
      return one(n, `${n} privilege escalation(s) in ${c.window}`, [
        { label: "Privilege escalations", href: audit("privilege_escalation") },
      ]);
    }
    case "authz_denials": {
      const n = await auditActions(tx, "authz.denied", since, now);
      return one(n, `${n} denied request(s) in ${c.window}`, [
        { label: "Denied requests", href: audit("authz.denied") },
      ]);
    }
    case "break_glass_logins": {
      const n = await auditActions(tx, "auth.break_glass_login", since, now);
      return one(n, `${n} break-glass sign-in(s) in ${c.window}`, [
        { label: "Break-glass sign-ins", href: audit("auth.break_glass_login") },
      ]);
    }
    case "new_admins": {
      const n = await scalar(
        tx,
        Prisma.sql`SELECT count(*) AS n FROM audit_entries WHERE details->'after'->>'role' = 'admin'
        AND outcome = 'success' AND ts > ${since} AND ts <= ${now}`,
      );
      return one(n, `${n} change(s) granting the admin role in ${c.window}`, [
        { label: "Role changes", href: "/audit?category=security" },
      ]);
    }
    case "audit_chain_broken": {
      const entries = await auditActions(tx, "audit.chain_broken", since, now);
      const failed = await scalar(
        tx,
        Prisma.sql`SELECT count(*) AS n FROM audit_verifications WHERE NOT verified AND checked_at > ${since} AND checked_at <= ${now}`,
      );
      const n = entries + failed;
      return one(n, `${n} failed audit-chain verification(s) in ${c.window}`, [
        { label: "Audit verification", href: audit("audit.chain_broken") },
      ]);
    }
    case "rate_limit_violations": {
      const n = await countUsage(tx, "rate_limited", since, now);
      return one(n, `${n} request(s) refused by a rate limit in ${c.window}`, [
        { label: "Usage", href: "/governance" },
      ]);
    }
    case "budget_exceeded": {
      const n = await countUsage(tx, "budget_exceeded", since, now);
      return one(n, `${n} request(s) refused by a budget in ${c.window}`, [{ label: "Usage", href: "/governance" }]);
    }
    case "usage": {
      const rows = await tx.budget.findMany({ where: { limitUsd: { gt: 0 } }, orderBy: { id: "asc" } });
      const names = await ownerNames(tx, rows);
      return rows.map((b) => {
        const pct = Math.round((10_000 * Number(b.spentUsd)) / Number(b.limitUsd)) / 100;
        const name = names.get(b.ownerId);
        const owner = `${OWNER_LABEL[b.ownerType] ?? b.ownerType} ${name ? `"${name}"` : b.ownerId}`;
        return {
          key: `${b.id}:${b.windowStart.toISOString()}`,
          value: pct,
          label: `${owner}: budget at ${pct}% of ${usd(Number(b.limitUsd))} (${b.window} window)`,
          evidence: [
            { label: `Budget ${b.id}`, href: `/governance/budgets?q=${encodeURIComponent(name ?? b.ownerId)}` },
          ],
        };
      });
    }
    case "admin_grant":
    case "idp_change":
      return [];
    case "data_export_size": {
      if (c.windowMs) {
        const n = await scalar(
          tx,
          Prisma.sql`SELECT COALESCE(sum(${EXPORT_BYTES}), 0) AS n FROM audit_entries
          WHERE action IN (${Prisma.join(EXPORT_ACTIONS)}) AND ts > ${since} AND ts <= ${now}`,
        );
        return one(n, `${formatBytes(n)} exported in ${c.window}`, [
          { label: "Exports", href: "/audit?category=data" },
        ]);
      }
      // Per export: the given entries (event-driven), or the last 24 hours (scheduled).
      const ids = opts.exportEntryIds;
      if (ids && !ids.length) return [];
      const filter = ids
        ? Prisma.sql`id IN (${Prisma.join(ids)})`
        : Prisma.sql`ts > ${new Date(now.getTime() - 86_400_000)} AND ts <= ${now}`;
      const rows = await tx.$queryRaw<
        { id: string; action: string; n: unknown }[]
      >`SELECT id, action, ${EXPORT_BYTES} AS n FROM audit_entries
        WHERE action IN (${Prisma.join(EXPORT_ACTIONS)}) AND ${filter} ORDER BY seq`;
      return rows.map((r) => ({
        key: `entry:${r.id}`,
        value: Number(r.n),
        label: `${r.action} of ${formatBytes(Number(r.n))}`,
        evidence: [{ label: `Audit entry ${r.id}`, href: `/audit?action=${encodeURIComponent(r.action)}` }],
      }));
    }
  }
}

const OWNER_LABEL: Record<string, string> = {
  customer: "Customer",
  team: "Team",
  user: "User",
  virtual_key: "Virtual key",
};
const usd = (n: number) => `$${n >= 1 || n === 0 ? n.toFixed(2) : n.toPrecision(2)}`;

/** Display names of budget owners, in one query per owner type. */
async function ownerNames(tx: TenantTx, rows: { ownerType: string; ownerId: string }[]): Promise<Map<string, string>> {
  const ids = (t: string) => [...new Set(rows.filter((r) => r.ownerType === t).map((r) => r.ownerId))];
  const pick = { id: true, name: true } as const;
  const found = await Promise.all([
    ids("customer").length ? tx.customer.findMany({ where: { id: { in: ids("customer") } }, select: pick }) : [],
    ids("team").length ? tx.team.findMany({ where: { id: { in: ids("team") } }, select: pick }) : [],
    ids("user").length ? tx.user.findMany({ where: { id: { in: ids("user") } }, select: pick }) : [],
    ids("virtual_key").length
      ? tx.virtualKey.findMany({ where: { id: { in: ids("virtual_key") } }, select: pick })
      : [],
  ]);
  return new Map(found.flat().map((r) => [r.id, r.name]));
}
