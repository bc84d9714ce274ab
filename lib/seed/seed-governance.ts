// Demo governance: a provider with common model prices, virtual keys, budgets and rate limits
// at several levels, and 30 days of deterministic gateway usage (with a few budget and
// rate-limit refusals) for each tenant. Idempotent: existing rows are kept, never duplicated.
import { type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";
import { costUsd, usdString } from "@/lib/gateway/pricing";
import { newVirtualKeySecret } from "@/lib/governance/vk-secret";
import { calendarStart } from "@/lib/gateway/windows";
import { COMMON_PRICES } from "@/lib/governance/common-prices";

export const DEMO_PRICES = COMMON_PRICES;

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Ids {
  tenantId: string;
  slug: string;
  customers: string[];
  teams: { id: string; customerId: string | null }[];
  users: { id: string; teamId: string | null }[];
}

async function upsertProvider(tx: TenantTx) {
  const tenantId = await tenantIdOf(tx);
  const baseUrl = process.env.WARDEN_DEMO_UPSTREAM_URL || "https://api.openai.com/v1";
  const p = await tx.provider.upsert({
    where: { tenantId_name: { tenantId, name: "openai" } },
    update: {},
    create: { tenantId, name: "openai", baseUrl, region: "us", hipaaCovered: false },
  });
  for (const [model, input, output] of DEMO_PRICES) {
    await tx.modelPrice.upsert({
      where: { tenantId_providerId_model: { tenantId, providerId: p.id, model } },
      update: {},
      create: { tenantId, providerId: p.id, model, inputPer1mUsd: input, outputPer1mUsd: output },
    });
  }
  return p;
}

async function ensureKey(
  tx: TenantTx,
  name: string,
  owner: { userId?: string; teamId?: string; customerId?: string },
  models: string[],
) {
  const tenantId = await tenantIdOf(tx);
  const existing = await tx.virtualKey.findFirst({ where: { name } });
  if (existing) return existing.id;
  // The demo key's secret is never shown: people mint their own keys in the console.
  const s = newVirtualKeySecret();
  const k = await tx.virtualKey.create({
    data: {
      tenantId,
      name,
      prefix: s.prefix,
      secretHash: s.hash,
      ...owner,
      allowedProviders: ["openai"],
      allowedModels: models,
    },
  });
  return k.id;
}

async function ensureLimits(
  tx: TenantTx,
  ownerType: string,
  ownerId: string,
  budget: number | null,
  rpm: number | null,
  now: Date,
) {
  const tenantId = await tenantIdOf(tx);
  if (budget !== null && !(await tx.budget.findFirst({ where: { ownerId } }))) {
    await tx.budget.create({
      data: {
        tenantId,
        ownerType,
        ownerId,
        limitUsd: budget,
        window: "1M",
        mode: "calendar",
        windowStart: calendarStart(now, "1M"),
      },
    });
  }
  if (rpm !== null && !(await tx.rateLimit.findFirst({ where: { ownerId } }))) {
    const rl = await tx.rateLimit.create({
      data: { tenantId, ownerType, ownerId, requestsPerWindow: rpm, tokensPerWindow: rpm * 2000, window: "1m" },
    });
    await tx.rateLimitCounter.create({
      data: { tenantId, rateLimitId: rl.id, bucketStart: calendarStart(now, "1m"), requests: 1, tokens: 420 },
    });
  }
}

export async function seedGovernance(tx: TenantTx, ids: Ids, now = new Date()): Promise<void> {
  const { tenantId } = ids;
  const provider = await upsertProvider(tx);
  const keys: { id: string; userId: string | null; teamId: string | null; customerId: string | null }[] = [];
  for (const [i, team] of ids.teams.entries()) {
    const id = await ensureKey(tx, `${ids.slug}-team-${i + 1}`, { teamId: team.id }, [
      "gpt-4o-mini",
      "gpt-4.1-mini",
      "text-embedding-3-small",
    ]);
    keys.push({ id, userId: null, teamId: team.id, customerId: team.customerId });
    await ensureLimits(tx, "team", team.id, 150 + 50 * i, i === 0 ? 120 : null, now);
  }
  for (const [i, user] of ids.users.slice(0, 3).entries()) {
    const team = ids.teams.find((t) => t.id === user.teamId);
    const id = await ensureKey(tx, `${ids.slug}-personal-${i + 1}`, { userId: user.id }, ["*"]);
    keys.push({ id, userId: user.id, teamId: user.teamId, customerId: team?.customerId ?? null });
    await ensureLimits(tx, "virtual_key", id, 25, 30, now);
  }
  for (const c of ids.customers) await ensureLimits(tx, "customer", c, 1000, null, now);

  if ((await tx.usageRecord.count()) > 0) return;
  const rand = rng(ids.slug.split("").reduce((a, ch) => a * 31 + ch.charCodeAt(0), 7) >>> 0);
  const day0 = calendarStart(now, "1d").getTime() - 29 * 86_400_000;
  const models = DEMO_PRICES.slice(0, 5);
  const rows = [];
  const perDay = ids.slug === "acme" ? 14 : 6;
  for (let d = 0; d < 30; d++) {
    const n = perDay + Math.floor(rand() * perDay * (d > 20 ? 1 : 0.5));
    for (let j = 0; j < n; j++) {
      const k = keys[Math.floor(rand() * keys.length)];
      const [model, input, output] = models[Math.floor(rand() * models.length)];
      const roll = rand();
      const status = roll < 0.02 ? "budget_exceeded" : roll < 0.05 ? "rate_limited" : "ok";
      const p = status === "ok" ? 200 + Math.floor(rand() * 1800) : 0;
      const c = status === "ok" ? 50 + Math.floor(rand() * 700) : 0;
      rows.push({
        tenantId,
        requestId: `req_seed_${ids.slug}_${d}_${j}`,
        virtualKeyId: k.id,
        userId: k.userId,
        teamId: k.teamId,
        customerId: k.customerId,
        provider: provider.name,
        model,
        promptTokens: p,
        completionTokens: c,
        costUsd: usdString(costUsd({ inputPer1m: input, outputPer1m: output }, p, c)),
        latencyMs: status === "ok" ? 300 + Math.floor(rand() * 2500) : 2,
        status,
        httpStatus: status === "ok" ? 200 : status === "rate_limited" ? 429 : 402,
        stream: rand() < 0.4,
        ts: new Date(Math.min(day0 + d * 86_400_000 + Math.floor(rand() * 86_400_000), now.getTime() - 1000)),
      });
    }
  }
  await tx.usageRecord.createMany({ data: rows });
  // The gateway charges every level as it settles; the seeded history must have done the same,
  // or the console would show budgets at $0 beside a month of cost.
  await tx.$executeRaw`
    UPDATE budgets b SET spent_usd = COALESCE((
      SELECT sum(u.cost_usd) FROM usage_records u
       WHERE u.status = 'ok' AND u.ts >= b.window_start
         AND (CASE b.owner_type WHEN 'virtual_key' THEN u.virtual_key_id WHEN 'user' THEN u.user_id WHEN 'team' THEN u.team_id ELSE u.customer_id END) = b.owner_id), 0)`;
  // One personal key near its limit, as an admin would have set it: the personal key with the
  // most spend this month gets a monthly limit of that real spend / 0.86, so the console shows a
  // budget at 86% and the "usage > 80% of budget" rule has something to find. Today's seeded
  // requests are always in the current month, so there is spend even on the 1st.
  const personal = keys.filter((k) => k.userId).map((k) => k.id);
  await tx.$executeRaw`
    UPDATE budgets SET limit_usd = round(spent_usd / 0.86, 6)
     WHERE id = (SELECT id FROM budgets WHERE owner_type = 'virtual_key' AND owner_id = ANY(${personal}::text[]) AND spent_usd > 0
                  ORDER BY spent_usd DESC, id LIMIT 1)`;
}
