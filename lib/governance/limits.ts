// Budgets and rate limits as fields of their owner (customer, team, user, virtual key).
import "server-only";
import { z } from "zod";
import { type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";
import type { OwnerType } from "@/lib/gateway/loaders";
import { usdString } from "@/lib/gateway/pricing";
import {
  addWindows,
  calendarStart,
  currentWindowStart,
  MODES,
  WINDOWS,
  type BudgetWindow,
  type WindowMode,
} from "@/lib/gateway/windows";

export const budgetSchema = z.object({
  limit_usd: z.number({ error: "Enter an amount in USD" }).nonnegative("Must be 0 or more").max(1e9),
  window: z.enum(WINDOWS),
  mode: z.enum(MODES).default("calendar"),
});
export const rateLimitSchema = z
  .object({
    requests_per_window: z
      .number({ error: "Enter a whole number" })
      .int("Enter a whole number")
      .positive("Must be at least 1")
      .optional(),
    tokens_per_window: z
      .number({ error: "Enter a whole number" })
      .int("Enter a whole number")
      .positive("Must be at least 1")
      .optional(),
    window: z.enum(WINDOWS),
  })
  .refine((r) => r.requests_per_window !== undefined || r.tokens_per_window !== undefined, {
    message: "Set requests or tokens per window (or both)",
    path: ["requests_per_window"],
  });

export const limitsSchema = z.object({
  budgets: z.array(budgetSchema).max(10).optional(),
  rate_limits: z.array(rateLimitSchema).max(10).optional(),
});
export type LimitsInput = z.infer<typeof limitsSchema>;

/**
 * Replaces the owner's budgets / rate limits when the field is present (absent = unchanged).
 * An entry that matches an existing one (same window and mode for a budget, same window for a
 * rate limit) is updated in place: its spend, window and counters carry over, so re-saving a
 * form never hands out a fresh budget. Entries not matched are removed; new ones start now.
 */
export async function replaceLimits(
  tx: TenantTx,
  ownerType: OwnerType,
  ownerId: string,
  v: LimitsInput,
  now = new Date(),
) {
  const tenantId = await tenantIdOf(tx);
  if (v.budgets) {
    const existing = await tx.budget.findMany({ where: { ownerType, ownerId }, orderBy: { id: "asc" } });
    const keep = new Set<string>();
    for (const b of v.budgets) {
      const match = existing.find((e) => !keep.has(e.id) && e.window === b.window && e.mode === b.mode);
      if (match) {
        keep.add(match.id);
        await tx.budget.update({ where: { id: match.id }, data: { limitUsd: usdString(b.limit_usd) } });
      } else {
        const windowStart = b.mode === "calendar" ? calendarStart(now, b.window) : now;
        keep.add(
          (
            await tx.budget.create({
              data: {
                tenantId,
                ownerType,
                ownerId,
                limitUsd: usdString(b.limit_usd),
                window: b.window,
                mode: b.mode,
                windowStart,
              },
            })
          ).id,
        );
      }
    }
    await tx.budget.deleteMany({ where: { ownerType, ownerId, id: { notIn: [...keep] } } });
  }
  if (v.rate_limits) {
    const existing = await tx.rateLimit.findMany({ where: { ownerType, ownerId }, orderBy: { id: "asc" } });
    const keep = new Set<string>();
    for (const r of v.rate_limits) {
      const data = { requestsPerWindow: r.requests_per_window ?? null, tokensPerWindow: r.tokens_per_window ?? null };
      const match = existing.find((e) => !keep.has(e.id) && e.window === r.window);
      if (match) {
        keep.add(match.id);
        await tx.rateLimit.update({ where: { id: match.id }, data });
      } else {
        keep.add((await tx.rateLimit.create({ data: { tenantId, ownerType, ownerId, ...data, window: r.window } })).id);
      }
    }
    await tx.rateLimit.deleteMany({ where: { ownerType, ownerId, id: { notIn: [...keep] } } });
  }
}

/** One owner's budgets (with the current period's spend) and rate limits, as the API sends them. */
export async function limitsOf(tx: TenantTx, ownerId: string, now = new Date()): Promise<LimitsView> {
  return (await limitViewsByOwner(tx, [ownerId], now)).get(ownerId)!;
}

/**
 * The period a budget is in right now. The gateway resets a budget lazily (on its next request
 * in a new window), so a stored spend from an elapsed window is shown as 0 here, like the
 * gateway will treat it.
 */
export function budgetPeriod(
  b: { window: string; mode: string; windowStart: Date; spentUsd: unknown },
  now = new Date(),
) {
  const start = currentWindowStart(b.windowStart, now, b.window as BudgetWindow, b.mode as WindowMode);
  const stale = start.getTime() !== b.windowStart.getTime();
  return {
    current_spent_usd: stale ? 0 : Number(b.spentUsd),
    period_start: start,
    resets_at: addWindows(start, b.window as BudgetWindow),
  };
}

// ---- The JSON of an owner's limits (customers, teams, users, virtual keys, a key's quota), dates
// as ISO strings: the components Budget and RateLimit of the OpenAPI document.

export const budgetViewSchema = z
  .object({
    id: z.string(),
    limit_usd: z.number().describe("The budget in USD per window"),
    window: z.enum(WINDOWS),
    mode: z.enum(MODES).describe("calendar: aligned to UTC boundaries; rolling: from window_start"),
    window_start: z.iso.datetime().describe("Start of the stored window"),
    spent_usd: z.number().describe("Spend stored for window_start's window"),
    reserved_usd: z.number().describe("Cost reserved by requests in flight"),
    current_spent_usd: z.number().describe("Spend in the current period (0 when the stored window has elapsed)"),
    period_start: z.iso.datetime().describe("Start of the current period"),
    resets_at: z.iso.datetime().describe("When the current period ends"),
  })
  .meta({ id: "Budget" });
export const rateLimitViewSchema = z
  .object({
    id: z.string(),
    requests_per_window: z.number().int().nullable(),
    tokens_per_window: z.number().int().nullable(),
    window: z.enum(WINDOWS),
  })
  .meta({ id: "RateLimit" });
export type BudgetView = z.infer<typeof budgetViewSchema>;
export type RateLimitView = z.infer<typeof rateLimitViewSchema>;
/** An owner's limits as fields of the owner (customers, teams, users, virtual keys). */
export const limitsViewShape = {
  budgets: z
    .array(budgetViewSchema)
    .describe("The owner's budgets; every request it makes or that is made under it counts"),
  rate_limits: z.array(rateLimitViewSchema).describe("The owner's rate limits"),
};
export type LimitsView = { budgets: BudgetView[]; rate_limits: RateLimitView[] };

/** The budgets and rate limits of several owners in two queries (a list page), keyed by owner id. */
export async function limitViewsByOwner(
  tx: TenantTx,
  ownerIds: string[],
  now = new Date(),
): Promise<Map<string, LimitsView>> {
  const out = new Map(ownerIds.map((id) => [id, { budgets: [] as BudgetView[], rate_limits: [] as RateLimitView[] }]));
  if (!ownerIds.length) return out;
  const [budgets, rateLimits] = await Promise.all([
    tx.budget.findMany({ where: { ownerId: { in: ownerIds } }, orderBy: { id: "asc" } }),
    tx.rateLimit.findMany({ where: { ownerId: { in: ownerIds } }, orderBy: { id: "asc" } }),
  ]);
  for (const b of budgets) {
    const p = budgetPeriod(b, now);
    out.get(b.ownerId)?.budgets.push({
      id: b.id,
      limit_usd: Number(b.limitUsd),
      window: b.window as BudgetWindow,
      mode: b.mode as WindowMode,
      window_start: b.windowStart.toISOString(),
      spent_usd: Number(b.spentUsd),
      reserved_usd: Number(b.reservedUsd),
      current_spent_usd: p.current_spent_usd,
      period_start: p.period_start.toISOString(),
      resets_at: p.resets_at.toISOString(),
    });
  }
  for (const r of rateLimits)
    out.get(r.ownerId)?.rate_limits.push({
      id: r.id,
      requests_per_window: r.requestsPerWindow,
      tokens_per_window: r.tokensPerWindow,
      window: r.window as BudgetWindow,
    });
  return out;
}
