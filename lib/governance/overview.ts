// Read models for the governance console page: one table per tab, plus a 30-day cost series.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { usageRelation } from "@/lib/rollups/read";
import type { TenantTx } from "@/lib/tenancy/with-tenant";

export const TABS = ["customers", "teams", "users", "virtual-keys", "providers", "limits"] as const;
export type Tab = (typeof TABS)[number];

type Row = Record<string, string | number | null>;
export interface TableData {
  columns: { key: string; header: string; numeric?: boolean }[];
  rows: Row[];
}

const usd = (v: unknown) => `$${Number(v ?? 0).toFixed(2)}`;
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

async function spendBy(tx: TenantTx, field: "customerId" | "teamId" | "userId" | "virtualKeyId", since: Date) {
  const rows = await tx.usageRecord.groupBy({
    by: [field],
    where: { ts: { gte: since } },
    _sum: { costUsd: true },
    _count: true,
  });
  return new Map(rows.map((r) => [r[field] as string, { cost: Number(r._sum.costUsd ?? 0), requests: r._count }]));
}

export async function tabData(tx: TenantTx, tab: Tab, now = new Date()): Promise<TableData> {
  const since = new Date(now.getTime() - 30 * 86_400_000);
  switch (tab) {
    case "customers": {
      const [rows, spend] = await Promise.all([
        tx.customer.findMany({ orderBy: { name: "asc" }, include: { _count: { select: { teams: true } } } }),
        spendBy(tx, "customerId", since),
      ]);
      return {
        columns: [
          { key: "name", header: "Customer" },
          { key: "teams", header: "Teams", numeric: true },
          { key: "requests", header: "Requests (30 d)", numeric: true },
          { key: "cost", header: "Cost (30 d)", numeric: true },
        ],
        rows: rows.map((c) => ({
          name: c.name,
          teams: c._count.teams,
          requests: spend.get(c.id)?.requests ?? 0,
          cost: usd(spend.get(c.id)?.cost),
        })),
      };
    }
    case "teams": {
      const [rows, spend] = await Promise.all([
        tx.team.findMany({
          orderBy: { name: "asc" },
          include: { customer: { select: { name: true } }, _count: { select: { memberships: true } } },
        }),
        spendBy(tx, "teamId", since),
      ]);
      return {
        columns: [
          { key: "name", header: "Team" },
          { key: "customer", header: "Customer" },
          { key: "members", header: "Members", numeric: true },
          { key: "cost", header: "Cost (30 d)", numeric: true },
        ],
        rows: rows.map((t) => ({
          name: t.name,
          customer: t.customer?.name ?? null,
          members: t._count.memberships,
          cost: usd(spend.get(t.id)?.cost),
        })),
      };
    }
    case "users": {
      const [rows, spend] = await Promise.all([
        tx.user.findMany({ orderBy: { name: "asc" } }),
        spendBy(tx, "userId", since),
      ]);
      return {
        columns: [
          { key: "name", header: "Name" },
          { key: "email", header: "E-mail" },
          { key: "role", header: "Role" },
          { key: "status", header: "Status" },
          { key: "cost", header: "Cost (30 d)", numeric: true },
        ],
        rows: rows.map((u) => ({
          name: u.name,
          email: u.email,
          role: u.role,
          status: u.active ? "active" : "deactivated",
          cost: usd(spend.get(u.id)?.cost),
        })),
      };
    }
    case "virtual-keys": {
      const [rows, spend] = await Promise.all([
        tx.virtualKey.findMany({
          orderBy: { name: "asc" },
          include: {
            user: { select: { name: true } },
            team: { select: { name: true } },
            customer: { select: { name: true } },
          },
        }),
        spendBy(tx, "virtualKeyId", since),
      ]);
      return {
        columns: [
          { key: "name", header: "Key" },
          { key: "prefix", header: "Prefix" },
          { key: "owner", header: "Owner" },
          { key: "models", header: "Models" },
          { key: "status", header: "Status" },
          { key: "cost", header: "Cost (30 d)", numeric: true },
        ],
        rows: rows.map((k) => ({
          name: k.name,
          prefix: `${k.prefix}…`,
          owner: k.user
            ? `user · ${k.user.name}`
            : k.team
              ? `team · ${k.team.name}`
              : `customer · ${k.customer?.name ?? "?"}`,
          models: k.allowedModels.length ? k.allowedModels.join(", ") : "none (deny)",
          status: k.revokedAt ? "revoked" : k.expiresAt && k.expiresAt <= now ? "expired" : "active",
          cost: usd(spend.get(k.id)?.cost),
        })),
      };
    }
    case "providers": {
      const rows = await tx.provider.findMany({
        orderBy: { name: "asc" },
        include: { _count: { select: { prices: true } } },
      });
      return {
        columns: [
          { key: "name", header: "Provider" },
          { key: "url", header: "Base URL" },
          { key: "region", header: "Region" },
          { key: "key", header: "API key" },
          { key: "models", header: "Priced models", numeric: true },
        ],
        rows: rows.map((p) => ({
          name: p.name,
          url: p.baseUrl,
          region: p.region,
          key: p.apiKeySealed ? "set (encrypted)" : "not set",
          models: p._count.prices,
        })),
      };
    }
    case "limits": {
      const [budgets, rates] = await Promise.all([
        tx.budget.findMany({ orderBy: [{ ownerType: "asc" }, { ownerId: "asc" }] }),
        tx.rateLimit.findMany({ orderBy: [{ ownerType: "asc" }, { ownerId: "asc" }] }),
      ]);
      return {
        columns: [
          { key: "kind", header: "Limit" },
          { key: "owner", header: "Owner" },
          { key: "window", header: "Window" },
          { key: "limit", header: "Limit", numeric: true },
          { key: "used", header: "Used", numeric: true },
          { key: "since", header: "Window start" },
        ],
        rows: [
          ...budgets.map((b) => ({
            kind: `budget (${b.mode})`,
            owner: `${b.ownerType} ${b.ownerId}`,
            window: b.window,
            limit: usd(b.limitUsd),
            used: usd(Number(b.spentUsd) + Number(b.reservedUsd)),
            since: day(b.windowStart),
          })),
          ...rates.map((r) => ({
            kind: "rate limit",
            owner: `${r.ownerType} ${r.ownerId}`,
            window: r.window,
            limit: [
              r.requestsPerWindow && `${r.requestsPerWindow} req`,
              r.tokensPerWindow && `${r.tokensPerWindow} tok`,
            ]
              .filter(Boolean)
              .join(" · "),
            used: null,
            since: null,
          })),
        ],
      };
    }
  }
}

export async function dailyCost(tx: TenantTx, now = new Date()) {
  const since = new Date(now.getTime() - 30 * 86_400_000);
  // Whole hours from the usage rollup, the first partial hour from the rows (ADR 0025).
  const rows = await tx.$queryRaw<{ day: string; cost: string; requests: bigint }[]>(Prisma.sql`
    SELECT to_char(date_trunc('day', u.ts AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, sum(u.cost_usd)::text AS cost, sum(u.n)::bigint AS requests
      FROM ${usageRelation({ from: since })} GROUP BY 1 ORDER BY 1`);
  return rows.map((r) => ({ day: r.day, cost: Number(r.cost), requests: Number(r.requests) }));
}

/** The overview tiles: how many of each governed thing the tenant has. */
export async function overviewCounts(tx: TenantTx, now = new Date()) {
  const [customers, teams, users, keys, providers, budgets, rateLimits] = await Promise.all([
    tx.customer.count(),
    tx.team.count(),
    tx.user.count({ where: { active: true } }),
    tx.virtualKey.count({ where: { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } }),
    tx.provider.count(),
    tx.budget.count(),
    tx.rateLimit.count(),
  ]);
  return { customers, teams, users, keys, providers, limits: budgets + rateLimits };
}
