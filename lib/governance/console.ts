// Read models of the governance console pages: one row list per entity (with 30-day usage),
// the owners a form can pick from, and one entity's details with its limits, keys and a
// daily usage series from the usage records.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { Prisma } from "@/lib/generated/prisma/client";
import { scopedTeams } from "@/lib/rbac/scope";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { budgetPeriod, limitsOf } from "./limits";
import { ownerName, type LimitOwner } from "./owner-limits";

const DAY = 86_400_000;
/** Lists are small per tenant; the console pages, sorts and searches them in the browser. */
const MAX_ROWS = 2000;

type UsageField = "customerId" | "teamId" | "userId" | "virtualKeyId";
const FIELD: Record<LimitOwner, UsageField> = { customer: "customerId", team: "teamId", user: "userId", virtual_key: "virtualKeyId" };
const COLUMN: Record<UsageField, string> = { customerId: "customer_id", teamId: "team_id", userId: "user_id", virtualKeyId: "virtual_key_id" };

async function usageBy(tx: TenantTx, field: UsageField, since: Date) {
  const rows = await tx.usageRecord.groupBy({ by: [field], where: { ts: { gte: since } }, _sum: { costUsd: true }, _count: true });
  return new Map(rows.map((r) => [r[field] as string, { cost: Number(r._sum.costUsd ?? 0), requests: r._count }]));
}

async function countBy(tx: TenantTx, model: "budget" | "rateLimit") {
  const rows = model === "budget"
    ? await tx.budget.groupBy({ by: ["ownerId"], _count: true })
    : await tx.rateLimit.groupBy({ by: ["ownerId"], _count: true });
  return new Map(rows.map((r) => [r.ownerId, r._count]));
}

const usage = (m: Map<string, { cost: number; requests: number }>, id: string) => ({ cost_30d: m.get(id)?.cost ?? 0, requests_30d: m.get(id)?.requests ?? 0 });

export type KeyStatus = "active" | "expired" | "revoked" | "rotating";
export function keyStatus(k: { revokedAt: Date | null; expiresAt: Date | null; overlapUntil: Date | null }, now: Date): KeyStatus {
  if (k.revokedAt) return "revoked";
  if (k.expiresAt && k.expiresAt <= now) return "expired";
  if (k.overlapUntil) return k.overlapUntil > now ? "rotating" : "expired";
  return "active";
}

export async function customerRows(tx: TenantTx, now = new Date()) {
  const since = new Date(now.getTime() - 30 * DAY);
  const [rows, spend, budgets] = await Promise.all([
    tx.customer.findMany({ orderBy: { name: "asc" }, take: MAX_ROWS, include: { _count: { select: { teams: true, virtualKeys: true } } } }),
    usageBy(tx, "customerId", since),
    countBy(tx, "budget"),
  ]);
  return rows.map((c) => ({ id: c.id, name: c.name, description: c.description, teams: c._count.teams, keys: c._count.virtualKeys, budgets: budgets.get(c.id) ?? 0, created_at: c.createdAt.toISOString(), ...usage(spend, c.id) }));
}

export async function teamRows(tx: TenantTx, actor: Pick<Actor, "scope">, now = new Date()) {
  const since = new Date(now.getTime() - 30 * DAY);
  const scope = scopedTeams(actor);
  const [rows, spend, budgets] = await Promise.all([
    tx.team.findMany({ where: scope ? { id: { in: scope } } : {}, orderBy: { name: "asc" }, take: MAX_ROWS, include: { customer: { select: { name: true } }, _count: { select: { memberships: true, virtualKeys: true } } } }),
    usageBy(tx, "teamId", since),
    countBy(tx, "budget"),
  ]);
  return rows.map((t) => ({
    id: t.id, name: t.name, description: t.description, customer_id: t.customerId, customer: t.customer?.name ?? null,
    members: t._count.memberships, keys: t._count.virtualKeys, budgets: budgets.get(t.id) ?? 0, scim: t.externalId !== null, ...usage(spend, t.id),
  }));
}

export async function userRows(tx: TenantTx, actor: Pick<Actor, "scope">, now = new Date()) {
  const since = new Date(now.getTime() - 30 * DAY);
  const scope = scopedTeams(actor);
  const [rows, spend, budgets] = await Promise.all([
    tx.user.findMany({
      where: scope ? { memberships: { some: { teamId: { in: scope } } } } : {}, orderBy: { name: "asc" }, take: MAX_ROWS,
      include: { memberships: { select: { team: { select: { id: true, name: true } } } }, customRole: { select: { name: true } }, _count: { select: { virtualKeys: true } } },
    }),
    usageBy(tx, "userId", since),
    countBy(tx, "budget"),
  ]);
  return rows.map((u) => ({
    id: u.id, name: u.name, email: u.email, role: u.role, custom_role: u.customRole?.name ?? null, active: u.active, scim: u.scimManaged,
    teams: u.memberships.map((m) => m.team.name).sort(), team_ids: u.memberships.map((m) => m.team.id).sort(), keys: u._count.virtualKeys, budgets: budgets.get(u.id) ?? 0, ...usage(spend, u.id),
  }));
}

export async function virtualKeyRows(tx: TenantTx, actor: Pick<Actor, "scope">, now = new Date()) {
  const since = new Date(now.getTime() - 30 * DAY);
  const scope = scopedTeams(actor);
  const where: Prisma.VirtualKeyWhereInput = scope ? { OR: [{ teamId: { in: scope } }, { user: { memberships: { some: { teamId: { in: scope } } } } }] } : {};
  const [rows, spend, budgets, rates] = await Promise.all([
    tx.virtualKey.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: MAX_ROWS, omit: { secretHash: true }, include: { user: { select: { name: true } }, team: { select: { name: true } }, customer: { select: { name: true } } } }),
    usageBy(tx, "virtualKeyId", since),
    countBy(tx, "budget"),
    countBy(tx, "rateLimit"),
  ]);
  return rows.map((k) => ({
    id: k.id, name: k.name, prefix: k.prefix,
    owner_type: (k.userId ? "user" : k.teamId ? "team" : "customer") as "user" | "team" | "customer",
    owner_id: (k.userId ?? k.teamId ?? k.customerId) as string,
    owner: k.user?.name ?? k.team?.name ?? k.customer?.name ?? "?",
    allowed_providers: k.allowedProviders, allowed_models: k.allowedModels,
    expires_at: k.expiresAt?.toISOString() ?? null, overlap_until: k.overlapUntil?.toISOString() ?? null, rotated_from_id: k.rotatedFromId,
    status: keyStatus(k, now), budgets: budgets.get(k.id) ?? 0, rate_limits: rates.get(k.id) ?? 0, created_at: k.createdAt.toISOString(), ...usage(spend, k.id),
  }));
}

export async function providerRows(tx: TenantTx) {
  const rows = await tx.provider.findMany({ orderBy: { name: "asc" }, take: MAX_ROWS, include: { prices: { orderBy: { model: "asc" } } } });
  return rows.map((p) => ({
    id: p.id, name: p.name, base_url: p.baseUrl, region: p.region, hipaa_covered: p.hipaaCovered, has_api_key: p.apiKeySealed !== null,
    prices: p.prices.map((x) => ({ model: x.model, input_per_1m_usd: Number(x.inputPer1mUsd), output_per_1m_usd: Number(x.outputPer1mUsd) })),
  }));
}

/** Every budget and rate limit with its owner's name and the current period's spend. */
export async function limitRows(tx: TenantTx, now = new Date()) {
  const [budgets, rates, names] = await Promise.all([
    tx.budget.findMany({ orderBy: [{ ownerType: "asc" }, { ownerId: "asc" }, { id: "asc" }], take: MAX_ROWS }),
    tx.rateLimit.findMany({ orderBy: [{ ownerType: "asc" }, { ownerId: "asc" }, { id: "asc" }], take: MAX_ROWS }),
    ownerNames(tx),
  ]);
  return {
    budgets: budgets.map((b) => {
      const p = budgetPeriod(b, now);
      return { id: b.id, owner_type: b.ownerType as LimitOwner, owner_id: b.ownerId, owner: names.get(b.ownerId) ?? b.ownerId, window: b.window, mode: b.mode, limit_usd: Number(b.limitUsd), spent_usd: p.current_spent_usd, reserved_usd: Number(b.reservedUsd), period_start: p.period_start.toISOString(), resets_at: p.resets_at.toISOString() };
    }),
    rate_limits: rates.map((r) => ({ id: r.id, owner_type: r.ownerType as LimitOwner, owner_id: r.ownerId, owner: names.get(r.ownerId) ?? r.ownerId, window: r.window, requests_per_window: r.requestsPerWindow, tokens_per_window: r.tokensPerWindow })),
  };
}

async function ownerNames(tx: TenantTx) {
  const [c, t, u, k] = await Promise.all([
    tx.customer.findMany({ select: { id: true, name: true } }),
    tx.team.findMany({ select: { id: true, name: true } }),
    tx.user.findMany({ select: { id: true, name: true } }),
    tx.virtualKey.findMany({ select: { id: true, name: true } }),
  ]);
  return new Map([...c, ...t, ...u, ...k].map((x) => [x.id, x.name]));
}

/** What the forms offer as owners and parents. */
export async function ownerOptions(tx: TenantTx, actor: Pick<Actor, "scope">) {
  const scope = scopedTeams(actor);
  const [customers, teams, users, keys, providers] = await Promise.all([
    tx.customer.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" }, take: MAX_ROWS }),
    tx.team.findMany({ where: scope ? { id: { in: scope } } : {}, select: { id: true, name: true }, orderBy: { name: "asc" }, take: MAX_ROWS }),
    tx.user.findMany({ where: { active: true, ...(scope ? { memberships: { some: { teamId: { in: scope } } } } : {}) }, select: { id: true, name: true }, orderBy: { name: "asc" }, take: MAX_ROWS }),
    tx.virtualKey.findMany({ where: { revokedAt: null }, select: { id: true, name: true }, orderBy: { name: "asc" }, take: MAX_ROWS }),
    tx.provider.findMany({ select: { name: true, prices: { select: { model: true }, orderBy: { model: "asc" } } }, orderBy: { name: "asc" } }),
  ]);
  return { customers, teams, users, virtual_keys: keys, providers: providers.map((p) => ({ name: p.name, models: p.prices.map((m) => m.model) })) };
}

/** Requests, tokens and cost per UTC day for one owner, with empty days filled in. */
export async function usageSeries(tx: TenantTx, type: LimitOwner, id: string, days = 30, now = new Date()) {
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(end - (days - 1) * DAY);
  const col = Prisma.raw(COLUMN[FIELD[type]]);
  const rows = await tx.$queryRaw<{ day: string; requests: bigint; tokens: bigint | null; cost: string | null }[]>`
    SELECT to_char(date_trunc('day', ts AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, count(*) AS requests,
           sum(prompt_tokens + completion_tokens) AS tokens, sum(cost_usd)::text AS cost
      FROM usage_records WHERE ${col} = ${id} AND ts >= ${since} GROUP BY 1 ORDER BY 1`;
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(since.getTime() + i * DAY).toISOString().slice(0, 10);
    const r = byDay.get(day);
    return { day, requests: Number(r?.requests ?? 0), tokens: Number(r?.tokens ?? 0), cost: Number(r?.cost ?? 0) };
  });
}

/** One entity for its details sheet: fields, limits (with current spend), keys and usage. */
export async function ownerDetails(tx: TenantTx, actor: Actor, type: LimitOwner, id: string, now = new Date()) {
  const name = await ownerName(tx, actor, type, id);
  const keyWhere: Prisma.VirtualKeyWhereInput = type === "virtual_key" ? { id: "" } : { [FIELD[type]]: id };
  const [limits, keys, series] = await Promise.all([
    limitsOf(tx, id, now),
    type === "virtual_key" ? Promise.resolve([]) : tx.virtualKey.findMany({ where: keyWhere, omit: { secretHash: true }, orderBy: { createdAt: "desc" }, take: 100 }),
    usageSeries(tx, type, id, 30, now),
  ]);
  const totals = series.reduce((a, d) => ({ requests: a.requests + d.requests, tokens: a.tokens + d.tokens, cost: a.cost + d.cost }), { requests: 0, tokens: 0, cost: 0 });
  return {
    type, id, name,
    budgets: limits.budgets.map((b) => ({ ...b, window_start: b.window_start.toISOString(), period_start: b.period_start.toISOString(), resets_at: b.resets_at.toISOString() })),
    rate_limits: limits.rate_limits,
    keys: keys.map((k) => ({ id: k.id, name: k.name, prefix: k.prefix, status: keyStatus(k, now), expires_at: k.expiresAt?.toISOString() ?? null })),
    series, totals,
  };
}
