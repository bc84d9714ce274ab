// Read models of the governance console pages: one paged, searched and sorted row list per
// entity (with 30-day usage of the page's rows)
// and one entity's details with its limits, keys and a
// daily usage series from the usage records.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { Prisma } from "@/lib/generated/prisma/client";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { budgetPeriod, limitsOf } from "./limits";
import { clampPage, fullQuery, type ListQuery, type SortDir } from "./list-query";
import { ownerName, type LimitOwner } from "./owner-limits";
import { keyScopeWhere, teamScopeWhere, userScopeWhere } from "./scope";
import { provisionedProfile, type ProvisionedProfile } from "@/lib/scim/profile";

const DAY = 86_400_000;

type UsageField = "customerId" | "teamId" | "userId" | "virtualKeyId";
const FIELD: Record<LimitOwner, UsageField> = {
  customer: "customerId",
  team: "teamId",
  user: "userId",
  virtual_key: "virtualKeyId",
};
const COLUMN: Record<UsageField, string> = {
  customerId: "customer_id",
  teamId: "team_id",
  userId: "user_id",
  virtualKeyId: "virtual_key_id",
};

async function usageBy(tx: TenantTx, field: UsageField, since: Date, ids: string[]) {
  const rows = await tx.usageRecord.groupBy({
    by: [field],
    where: { ts: { gte: since }, [field]: { in: ids } },
    _sum: { costUsd: true },
    _count: true,
  });
  return new Map(rows.map((r) => [r[field] as string, { cost: Number(r._sum.costUsd ?? 0), requests: r._count }]));
}

async function countBy(tx: TenantTx, model: "budget" | "rateLimit", ids: string[]) {
  const rows =
    model === "budget"
      ? await tx.budget.groupBy({ by: ["ownerId"], where: { ownerId: { in: ids } }, _count: true })
      : await tx.rateLimit.groupBy({ by: ["ownerId"], where: { ownerId: { in: ids } }, _count: true });
  return new Map(rows.map((r) => [r.ownerId, r._count]));
}

/**
 * What every owner list shows beside its own columns, for the page's rows only: the number of
 * budgets and the last 30 days' requests and cost (and, for keys, the number of rate limits).
 */
async function ownerFigures(tx: TenantTx, type: LimitOwner, rows: { id: string }[], now: Date) {
  const ids = rows.map((r) => r.id);
  const since = new Date(now.getTime() - 30 * DAY);
  const [spend, budgets] = await Promise.all([usageBy(tx, FIELD[type], since, ids), countBy(tx, "budget", ids)]);
  return (id: string) => ({
    budgets: budgets.get(id) ?? 0,
    cost_30d: spend.get(id)?.cost ?? 0,
    requests_30d: spend.get(id)?.requests ?? 0,
  });
}

export type KeyStatus = "active" | "expired" | "revoked" | "rotating";
export function keyStatus(
  k: { revokedAt: Date | null; expiresAt: Date | null; overlapUntil: Date | null },
  now: Date,
): KeyStatus {
  if (k.revokedAt) return "revoked";
  if (k.expiresAt && k.expiresAt <= now) return "expired";
  if (k.overlapUntil) return k.overlapUntil > now ? "rotating" : "expired";
  return "active";
}

// ---- Lists: search (case-insensitive contains), a whitelisted sort with id as tie-break, pages.

type Order<O> = Record<string, (d: SortDir) => O[]>;
/** One entity's list: the columns it sorts by (what the URL may name) and its default order. */
export type ListSpec = { sortable: string[]; defaults: { sort: string; dir: SortDir } };
const spec = <O>(order: Order<O>, sort: string, dir: SortDir) => {
  const list = { sortable: Object.keys(order), defaults: { sort, dir } };
  /** The request's query completed with this list's defaults (an unknown sort falls back to them). */
  const query = (q?: Partial<ListQuery>) => fullQuery(q, list.sortable, list.defaults);
  return { order, ...list, query };
};
const has = (q: string) => ({ contains: q, mode: "insensitive" as const });

/** Counts, then reads the page (clamped to the last one) in the query's order with id last. */
async function pageOf<T, O>(
  s: { order: Order<O> },
  query: ListQuery,
  count: () => Promise<number>,
  find: (a: { orderBy: O[]; skip: number; take: number }) => Promise<T[]>,
) {
  const total = await count();
  const page = clampPage(query.page, query.pageSize, total);
  const rows = await find({
    orderBy: [...s.order[query.sort](query.dir), { id: "asc" } as O],
    skip: (page - 1) * query.pageSize,
    take: query.pageSize,
  });
  return { rows, total, page, pageSize: query.pageSize };
}

const CUSTOMERS = spec<Prisma.CustomerOrderByWithRelationInput>(
  {
    name: (d) => [{ name: d }],
    teams: (d) => [{ teams: { _count: d } }],
    keys: (d) => [{ virtualKeys: { _count: d } }],
    created_at: (d) => [{ createdAt: d }],
  },
  "name",
  "asc",
);
export const CUSTOMER_LIST: ListSpec = CUSTOMERS;

export async function customerRows(tx: TenantTx, q?: Partial<ListQuery>, now = new Date()) {
  const query = CUSTOMERS.query(q);
  const where: Prisma.CustomerWhereInput = query.q
    ? { OR: [{ name: has(query.q) }, { description: has(query.q) }] }
    : {};
  const p = await pageOf(
    CUSTOMERS,
    query,
    () => tx.customer.count({ where }),
    (a) => tx.customer.findMany({ where, ...a, include: { _count: { select: { teams: true, virtualKeys: true } } } }),
  );
  const figures = await ownerFigures(tx, "customer", p.rows, now);
  return {
    ...p,
    rows: p.rows.map((c) => ({
      id: c.id,
      name: c.name,
      description: c.description,
      teams: c._count.teams,
      keys: c._count.virtualKeys,
      created_at: c.createdAt.toISOString(),
      ...figures(c.id),
    })),
  };
}

const TEAMS = spec<Prisma.TeamOrderByWithRelationInput>(
  {
    name: (d) => [{ name: d }],
    customer: (d) => [{ customer: { name: d } }],
    members: (d) => [{ memberships: { _count: d } }],
    keys: (d) => [{ virtualKeys: { _count: d } }],
  },
  "name",
  "asc",
);
export const TEAM_LIST: ListSpec = TEAMS;

export async function teamRows(tx: TenantTx, actor: Pick<Actor, "scope">, q?: Partial<ListQuery>, now = new Date()) {
  const query = TEAMS.query(q);
  const where: Prisma.TeamWhereInput = {
    AND: [
      teamScopeWhere(actor),
      query.q
        ? { OR: [{ name: has(query.q) }, { description: has(query.q) }, { customer: { name: has(query.q) } }] }
        : {},
    ],
  };
  const p = await pageOf(
    TEAMS,
    query,
    () => tx.team.count({ where }),
    (a) =>
      tx.team.findMany({
        where,
        ...a,
        include: { customer: { select: { name: true } }, _count: { select: { memberships: true, virtualKeys: true } } },
      }),
  );
  const figures = await ownerFigures(tx, "team", p.rows, now);
  return {
    ...p,
    rows: p.rows.map((t) => ({
      id: t.id,
      name: t.name,
      description: t.description,
      customer_id: t.customerId,
      customer: t.customer?.name ?? null,
      members: t._count.memberships,
      keys: t._count.virtualKeys,
      scim: t.externalId !== null,
      ...figures(t.id),
    })),
  };
}

const USERS = spec<Prisma.UserOrderByWithRelationInput>(
  {
    name: (d) => [{ name: d }],
    email: (d) => [{ email: d }],
    role: (d) => [{ role: d }],
    active: (d) => [{ active: d }],
    keys: (d) => [{ virtualKeys: { _count: d } }],
  },
  "name",
  "asc",
);
export const USER_LIST: ListSpec = USERS;

export async function userRows(tx: TenantTx, actor: Pick<Actor, "scope">, q?: Partial<ListQuery>, now = new Date()) {
  const query = USERS.query(q);
  const where: Prisma.UserWhereInput = {
    AND: [
      userScopeWhere(actor),
      query.q ? { OR: [{ name: has(query.q) }, { email: has(query.q) }, { role: has(query.q) }] } : {},
    ],
  };
  const p = await pageOf(
    USERS,
    query,
    () => tx.user.count({ where }),
    (a) =>
      tx.user.findMany({
        where,
        ...a,
        include: {
          memberships: { select: { team: { select: { id: true, name: true } } } },
          customRole: { select: { name: true } },
          _count: { select: { virtualKeys: true } },
        },
      }),
  );
  const figures = await ownerFigures(tx, "user", p.rows, now);
  return {
    ...p,
    rows: p.rows.map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role,
      custom_role: u.customRole?.name ?? null,
      active: u.active,
      scim: u.scimManaged,
      teams: u.memberships.map((m) => m.team.name).sort(),
      team_ids: u.memberships.map((m) => m.team.id).sort(),
      keys: u._count.virtualKeys,
      allowed_providers: u.allowedProviders,
      allowed_models: u.allowedModels,
      ...figures(u.id),
    })),
  };
}

const KEYS = spec<Prisma.VirtualKeyOrderByWithRelationInput>(
  {
    name: (d) => [{ name: d }],
    expires_at: (d) => [{ expiresAt: { sort: d, nulls: "last" } }],
    created_at: (d) => [{ createdAt: d }],
  },
  "created_at",
  "desc",
);
export const VIRTUAL_KEY_LIST: ListSpec = KEYS;

export async function virtualKeyRows(
  tx: TenantTx,
  actor: Pick<Actor, "scope">,
  q?: Partial<ListQuery>,
  now = new Date(),
) {
  const query = KEYS.query(q);
  const where: Prisma.VirtualKeyWhereInput = {
    AND: [
      keyScopeWhere(actor),
      query.q
        ? {
            OR: [
              { name: has(query.q) },
              { prefix: has(query.q) },
              { user: { name: has(query.q) } },
              { team: { name: has(query.q) } },
              { customer: { name: has(query.q) } },
            ],
          }
        : {},
    ],
  };
  const p = await pageOf(
    KEYS,
    query,
    () => tx.virtualKey.count({ where }),
    (a) =>
      tx.virtualKey.findMany({
        where,
        ...a,
        omit: { secretHash: true },
        include: {
          user: { select: { name: true } },
          team: { select: { name: true } },
          customer: { select: { name: true } },
        },
      }),
  );
  const ids = p.rows.map((r) => r.id);
  const [figures, rates] = await Promise.all([
    ownerFigures(tx, "virtual_key", p.rows, now),
    countBy(tx, "rateLimit", ids),
  ]);
  return {
    ...p,
    rows: p.rows.map((k) => ({
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      owner_type: (k.userId ? "user" : k.teamId ? "team" : "customer") as "user" | "team" | "customer",
      owner_id: (k.userId ?? k.teamId ?? k.customerId) as string,
      owner: k.user?.name ?? k.team?.name ?? k.customer?.name ?? "?",
      allowed_providers: k.allowedProviders,
      allowed_models: k.allowedModels,
      expires_at: k.expiresAt?.toISOString() ?? null,
      overlap_until: k.overlapUntil?.toISOString() ?? null,
      rotated_from_id: k.rotatedFromId,
      status: keyStatus(k, now),
      rate_limits: rates.get(k.id) ?? 0,
      created_at: k.createdAt.toISOString(),
      ...figures(k.id),
    })),
  };
}

const PROVIDERS = spec<Prisma.ProviderOrderByWithRelationInput>(
  {
    name: (d) => [{ name: d }],
    region: (d) => [{ region: d }],
    hipaa_covered: (d) => [{ hipaaCovered: d }],
    models: (d) => [{ prices: { _count: d } }],
  },
  "name",
  "asc",
);
export const PROVIDER_LIST: ListSpec = PROVIDERS;

export async function providerRows(tx: TenantTx, q?: Partial<ListQuery>) {
  const query = PROVIDERS.query(q);
  const where: Prisma.ProviderWhereInput = query.q
    ? {
        OR: [
          { name: has(query.q) },
          { baseUrl: has(query.q) },
          { region: has(query.q) },
          { prices: { some: { model: has(query.q) } } },
        ],
      }
    : {};
  const p = await pageOf(
    PROVIDERS,
    query,
    () => tx.provider.count({ where }),
    (a) => tx.provider.findMany({ where, ...a, include: { prices: { orderBy: { model: "asc" } } } }),
  );
  return {
    ...p,
    rows: p.rows.map((r) => ({
      id: r.id,
      name: r.name,
      base_url: r.baseUrl,
      region: r.region,
      hipaa_covered: r.hipaaCovered,
      has_api_key: r.apiKeySealed !== null,
      prices: r.prices.map((x) => ({
        model: x.model,
        input_per_1m_usd: Number(x.inputPer1mUsd),
        output_per_1m_usd: Number(x.outputPer1mUsd),
      })),
    })),
  };
}

// Budgets and rate limits belong to an owner of any kind (owner_type, owner_id, no foreign key),
// so their lists search and sort by the owner's name in SQL: one LEFT JOIN per owner table
// picks the name, and the page's rows are then read by id.
const OWNER_NAME = Prisma.sql`COALESCE(c.name, t.name, u.name, k.name, x.owner_id)`;
const LIMIT_SORT = {
  budgets: {
    owner: OWNER_NAME,
    owner_type: Prisma.sql`x.owner_type`,
    window: Prisma.sql`x."window"`,
    mode: Prisma.sql`x.mode`,
    limit_usd: Prisma.sql`x.limit_usd`,
  },
  rate_limits: {
    owner: OWNER_NAME,
    owner_type: Prisma.sql`x.owner_type`,
    window: Prisma.sql`x."window"`,
    requests_per_window: Prisma.sql`x.requests_per_window`,
    tokens_per_window: Prisma.sql`x.tokens_per_window`,
  },
} as const;
export const BUDGET_LIST: ListSpec = {
  sortable: Object.keys(LIMIT_SORT.budgets),
  defaults: { sort: "owner", dir: "asc" },
};
export const RATE_LIMIT_LIST: ListSpec = {
  sortable: Object.keys(LIMIT_SORT.rate_limits),
  defaults: { sort: "owner", dir: "asc" },
};

async function limitIds(tx: TenantTx, table: "budgets" | "rate_limits", query: ListQuery) {
  const from = Prisma.sql`FROM ${Prisma.raw(table)} x
    LEFT JOIN customers c ON x.owner_type = 'customer' AND c.id = x.owner_id
    LEFT JOIN teams t ON x.owner_type = 'team' AND t.id = x.owner_id
    LEFT JOIN users u ON x.owner_type = 'user' AND u.id = x.owner_id
    LEFT JOIN virtual_keys k ON x.owner_type = 'virtual_key' AND k.id = x.owner_id`;
  const like = `%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const where = query.q
    ? Prisma.sql`WHERE ${OWNER_NAME} ILIKE ${like} OR x.owner_type ILIKE ${like} OR x."window" ILIKE ${like}`
    : Prisma.empty;
  const [{ n }] = await tx.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n ${from} ${where}`;
  const total = Number(n);
  const page = clampPage(query.page, query.pageSize, total);
  const col = (LIMIT_SORT[table] as Record<string, Prisma.Sql>)[query.sort];
  const dir = Prisma.raw(query.dir === "desc" ? "DESC" : "ASC");
  const ids = await tx.$queryRaw<
    { id: string }[]
  >`SELECT x.id ${from} ${where} ORDER BY ${col} ${dir}, x.id LIMIT ${query.pageSize} OFFSET ${(page - 1) * query.pageSize}`;
  return { ids: ids.map((r) => r.id), total, page, pageSize: query.pageSize };
}

/**
 * One page of budgets or rate limits: the ids in the list's order (limitIds), the rows read back
 * in that order, and each owner's name.
 */
async function limitPage<T extends { id: string; ownerType: string; ownerId: string }>(
  tx: TenantTx,
  table: "budgets" | "rate_limits",
  list: ListSpec,
  q: Partial<ListQuery> | undefined,
  read: (ids: string[]) => Promise<T[]>,
) {
  const p = await limitIds(tx, table, fullQuery(q, list.sortable, list.defaults));
  const byId = new Map((await read(p.ids)).map((r) => [r.id, r]));
  const rows = p.ids.flatMap((id) => byId.get(id) ?? []);
  const names = await ownerNames(
    tx,
    rows.map((r) => r.ownerId),
  );
  const owner = (r: T) => ({
    owner_type: r.ownerType as LimitOwner,
    owner_id: r.ownerId,
    owner: names.get(r.ownerId) ?? r.ownerId,
  });
  return { total: p.total, page: p.page, pageSize: p.pageSize, rows, owner };
}

/** One page of budgets with the owner's name and the current period's spend. */
export async function budgetRows(tx: TenantTx, q?: Partial<ListQuery>, now = new Date()) {
  const { rows, owner, ...p } = await limitPage(tx, "budgets", BUDGET_LIST, q, (ids) =>
    tx.budget.findMany({ where: { id: { in: ids } } }),
  );
  return {
    ...p,
    rows: rows.map((b) => {
      const period = budgetPeriod(b, now);
      return {
        id: b.id,
        ...owner(b),
        window: b.window,
        mode: b.mode,
        limit_usd: Number(b.limitUsd),
        spent_usd: period.current_spent_usd,
        reserved_usd: Number(b.reservedUsd),
        period_start: period.period_start.toISOString(),
        resets_at: period.resets_at.toISOString(),
      };
    }),
  };
}

/** One page of rate limits with the owner's name. */
export async function rateLimitRows(tx: TenantTx, q?: Partial<ListQuery>) {
  const { rows, owner, ...p } = await limitPage(tx, "rate_limits", RATE_LIMIT_LIST, q, (ids) =>
    tx.rateLimit.findMany({ where: { id: { in: ids } } }),
  );
  return {
    ...p,
    rows: rows.map((r) => ({
      id: r.id,
      ...owner(r),
      window: r.window,
      requests_per_window: r.requestsPerWindow,
      tokens_per_window: r.tokensPerWindow,
    })),
  };
}

async function ownerNames(tx: TenantTx, ids: string[]) {
  const where = { id: { in: [...new Set(ids)] } };
  const [c, t, u, k] = await Promise.all([
    tx.customer.findMany({ where, select: { id: true, name: true } }),
    tx.team.findMany({ where, select: { id: true, name: true } }),
    tx.user.findMany({ where, select: { id: true, name: true } }),
    tx.virtualKey.findMany({ where, select: { id: true, name: true } }),
  ]);
  return new Map([...c, ...t, ...u, ...k].map((x) => [x.id, x.name]));
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
  const [limits, keys, series, person] = await Promise.all([
    limitsOf(tx, id, now),
    type === "virtual_key"
      ? Promise.resolve([])
      : tx.virtualKey.findMany({
          where: keyWhere,
          omit: { secretHash: true },
          orderBy: { createdAt: "desc" },
          take: 100,
        }),
    usageSeries(tx, type, id, 30, now),
    // A person's details also show what provisioning brought (ownerName above checked scope).
    type === "user" ? tx.user.findUnique({ where: { id }, select: { scimDocument: true } }) : Promise.resolve(null),
  ]);
  const totals = series.reduce(
    (a, d) => ({ requests: a.requests + d.requests, tokens: a.tokens + d.tokens, cost: a.cost + d.cost }),
    { requests: 0, tokens: 0, cost: 0 },
  );
  return {
    type,
    id,
    name,
    budgets: limits.budgets,
    rate_limits: limits.rate_limits,
    keys: keys.map((k) => ({
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      status: keyStatus(k, now),
      expires_at: k.expiresAt?.toISOString() ?? null,
    })),
    series,
    totals,
    profile: person ? await withManagerName(tx, provisionedProfile(person.scimDocument)) : null,
  };
}

/** SCIM's manager.displayName is computed by the server: the manager's name in this tenant, when known. */
async function withManagerName(tx: TenantTx, p: ProvisionedProfile | null): Promise<ProvisionedProfile | null> {
  if (!p?.manager?.id || p.manager.name) return p;
  const boss = await tx.user.findUnique({ where: { id: p.manager.id }, select: { name: true } });
  return boss ? { ...p, manager: { ...p.manager, name: boss.name } } : p;
}
