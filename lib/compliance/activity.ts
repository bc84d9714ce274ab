// Activity figures from the audit trail and the gateway: recent entries (with pseudonymous actor
// names joined as the audit explorer does) and 30-day daily series.
import "server-only";
import { listAudit, type AuditEntryView } from "@/lib/audit/query";
import { Prisma } from "@/lib/generated/prisma/client";
import { auditRelation, usageRelation } from "@/lib/rollups/read";
import type { TenantTx } from "@/lib/tenancy/with-tenant";

export interface TrendPoint {
  day: string;
  failed_logins: number;
  escalations: number;
  spend_usd: number;
}

export async function recentActivity(tx: TenantTx, limit = 10): Promise<AuditEntryView[]> {
  return (await listAudit(tx, { limit })).data;
}

/** The dashboard's recent_activities item: sign-ins read as user_login, other actions keep their name. */
export function activityItem(e: AuditEntryView) {
  return {
    timestamp: e.ts,
    type: e.action === "auth.login" || e.action === "auth.login_failed" ? "user_login" : e.action.replace(/\./g, "_"),
    user: e.actor.email ?? e.actor.name ?? e.actor.ref,
    status: e.outcome,
    action: e.action,
    href: `/audit?entry=${e.id}`,
  };
}

export async function trends(tx: TenantTx, now: Date): Promise<TrendPoint[]> {
  const since = new Date(now.getTime() - 30 * 86_400_000);
  // Whole hours from the rollups, the partial first and last hour from the rows (ADR 0025).
  const range = { from: since, to: now, toInclusive: true };
  const audit = await tx.$queryRaw<{ day: string; action: string; n: bigint }[]>(Prisma.sql`
    SELECT to_char(date_trunc('day', e.ts AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, e.action, sum(e.w)::bigint AS n
      FROM ${auditRelation(range)} WHERE e.action IN ('auth.login_failed', 'privilege_escalation') GROUP BY 1, 2`);
  const spend = await tx.$queryRaw<{ day: string; cost: string }[]>(Prisma.sql`
    SELECT to_char(date_trunc('day', u.ts AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, sum(u.cost_usd)::text AS cost
      FROM ${usageRelation(range)} GROUP BY 1`);
  const days = new Map<string, TrendPoint>();
  for (let i = 30; i >= 0; i--) {
    const day = new Date(now.getTime() - i * 86_400_000).toISOString().slice(0, 10);
    days.set(day, { day, failed_logins: 0, escalations: 0, spend_usd: 0 });
  }
  for (const r of audit) {
    const p = days.get(r.day);
    if (p && r.action === "auth.login_failed") p.failed_logins = Number(r.n);
    if (p && r.action === "privilege_escalation") p.escalations = Number(r.n);
  }
  for (const r of spend) {
    const p = days.get(r.day);
    if (p) p.spend_usd = Math.round(Number(r.cost) * 1e4) / 1e4;
  }
  return [...days.values()];
}
