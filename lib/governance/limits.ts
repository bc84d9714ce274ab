// Budgets and rate limits as fields of their owner (customer, team, user, virtual key).
import "server-only";
import { z } from "zod";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import type { OwnerType } from "./context";
import { usdString } from "./pricing";
import { calendarStart, MODES, WINDOWS } from "./windows";

export const budgetSchema = z.object({
  limit_usd: z.number().nonnegative().max(1e9),
  window: z.enum(WINDOWS),
  mode: z.enum(MODES).default("calendar"),
});
export const rateLimitSchema = z
  .object({
    requests_per_window: z.number().int().positive().optional(),
    tokens_per_window: z.number().int().positive().optional(),
    window: z.enum(WINDOWS),
  })
  .refine((r) => r.requests_per_window !== undefined || r.tokens_per_window !== undefined, { message: "Set requests_per_window or tokens_per_window" });

export const limitsSchema = z.object({
  budgets: z.array(budgetSchema).max(10).optional(),
  rate_limits: z.array(rateLimitSchema).max(10).optional(),
});
export type LimitsInput = z.infer<typeof limitsSchema>;

/** Replaces the owner's budgets / rate limits when the field is present (absent = unchanged). */
export async function replaceLimits(tx: TenantTx, tenantId: string, ownerType: OwnerType, ownerId: string, v: LimitsInput, now = new Date()) {
  if (v.budgets) {
    await tx.budget.deleteMany({ where: { ownerType, ownerId } });
    for (const b of v.budgets) {
      const windowStart = b.mode === "calendar" ? calendarStart(now, b.window) : now;
      await tx.budget.create({ data: { tenantId, ownerType, ownerId, limitUsd: usdString(b.limit_usd), window: b.window, mode: b.mode, windowStart } });
    }
  }
  if (v.rate_limits) {
    await tx.rateLimit.deleteMany({ where: { ownerType, ownerId } });
    for (const r of v.rate_limits) {
      await tx.rateLimit.create({ data: { tenantId, ownerType, ownerId, requestsPerWindow: r.requests_per_window ?? null, tokensPerWindow: r.tokens_per_window ?? null, window: r.window } });
    }
  }
}

export async function limitsOf(tx: TenantTx, ownerId: string) {
  const [budgets, rateLimits] = await Promise.all([
    tx.budget.findMany({ where: { ownerId }, orderBy: { id: "asc" } }),
    tx.rateLimit.findMany({ where: { ownerId }, orderBy: { id: "asc" } }),
  ]);
  return {
    budgets: budgets.map((b) => ({ id: b.id, limit_usd: Number(b.limitUsd), window: b.window, mode: b.mode, window_start: b.windowStart, spent_usd: Number(b.spentUsd), reserved_usd: Number(b.reservedUsd) })),
    rate_limits: rateLimits.map((r) => ({ id: r.id, requests_per_window: r.requestsPerWindow, tokens_per_window: r.tokensPerWindow, window: r.window })),
  };
}
