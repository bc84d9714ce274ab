// Usage and cost: the admin list of usage records and a virtual key's own quota.
import "server-only";
import { z } from "zod";
import { keysetArgs, keysetOf, listOf, pageQuery } from "@/lib/paging";
import { usageTotals } from "@/lib/rollups/read";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { budgetViewSchema, limitsOf, rateLimitViewSchema } from "./limits";

/** GET /v1/usage: the one paging query (keyset: newest first, cursor = last id) and the filters. */
export const usageQuerySchema = pageQuery.extend({
  virtual_key_id: z.string().max(100).optional().describe("Only requests made with this virtual key"),
  user_id: z.string().max(100).optional().describe("Only requests charged to this user"),
  team_id: z.string().max(100).optional().describe("Only requests charged to this team"),
  customer_id: z.string().max(100).optional().describe("Only requests charged to this customer"),
  from: z.iso.datetime().optional().describe("From this time (inclusive, ISO 8601)"),
  to: z.iso.datetime().optional().describe("Before this time (exclusive, ISO 8601)"),
});

/** One gateway request as recorded (its cost at the provider's price when it ran). */
export const usageRecordSchema = z.object({
  id: z.string(),
  ts: z.iso.datetime(),
  request_id: z.string(),
  virtual_key_id: z.string().nullable(),
  user_id: z.string().nullable(),
  team_id: z.string().nullable(),
  customer_id: z.string().nullable(),
  provider: z.string().nullable(),
  model: z.string().nullable(),
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  cost_usd: z.number(),
  latency_ms: z.number().int(),
  status: z
    .string()
    .describe("ok, or the error type that ended the request (budget_exceeded, rate_limited, upstream_error...)"),
  http_status: z.number().int(),
  stream: z.boolean(),
});
/** GET /v1/usage: one page, newest first, and the totals of every record the filters match. */
export const usageListSchema = listOf(usageRecordSchema).extend({
  totals: z
    .object({
      requests: z.number().int(),
      cost_usd: z.number(),
      prompt_tokens: z.number().int(),
      completion_tokens: z.number().int(),
    })
    .describe("Over all matching records, not just this page"),
});

export async function listUsage(
  tx: TenantTx,
  q: z.infer<typeof usageQuerySchema>,
): Promise<z.infer<typeof usageListSchema>> {
  const page = { limit: q.limit, cursor: q.cursor };
  const where = {
    virtualKeyId: q.virtual_key_id,
    userId: q.user_id,
    teamId: q.team_id,
    customerId: q.customer_id,
    ts: { gte: q.from ? new Date(q.from) : undefined, lt: q.to ? new Date(q.to) : undefined },
  };
  // Newest first, keyset on (ts, id) like every time-ordered list (lib/paging.ts).
  const rows = await tx.usageRecord.findMany(keysetArgs(page, "ts", where));
  // Totals over every matching record: whole hours from the usage rollups, edge hours from the rows (ADR 0025).
  const one = (id?: string) => (id ? [id] : undefined);
  const totals = await usageTotals(
    tx,
    { from: q.from ? new Date(q.from) : null, to: q.to ? new Date(q.to) : null },
    {
      virtualKeyIds: one(q.virtual_key_id),
      userIds: one(q.user_id),
      teamIds: one(q.team_id),
      customerIds: one(q.customer_id),
    },
  );
  return {
    data: rows.slice(0, page.limit).map((r) => ({
      id: r.id,
      ts: r.ts.toISOString(),
      request_id: r.requestId,
      virtual_key_id: r.virtualKeyId,
      user_id: r.userId,
      team_id: r.teamId,
      customer_id: r.customerId,
      provider: r.provider,
      model: r.model,
      prompt_tokens: r.promptTokens,
      completion_tokens: r.completionTokens,
      cost_usd: Number(r.costUsd),
      latency_ms: r.latencyMs,
      status: r.status,
      http_status: r.httpStatus,
      stream: r.stream,
    })),
    next_cursor: keysetOf(rows, page, (r) => r.ts).next_cursor,
    totals,
  };
}

/** GET /v1/virtual-keys/self/quota: the key, its budgets with what remains, its rate limits. */
export const keyQuotaView = z
  .object({
    virtual_key: z.object({
      id: z.string(),
      name: z.string(),
      expires_at: z.iso.datetime().nullable(),
      revoked: z.boolean(),
      allowed_models: z.array(z.string()),
      allowed_providers: z.array(z.string()),
    }),
    budgets: z.array(
      budgetViewSchema.extend({ remaining_usd: z.number().describe("limit - spent - reserved, at least 0") }),
    ),
    rate_limits: z.array(rateLimitViewSchema),
  })
  .meta({ id: "VirtualKeyQuota" });

/** What a virtual key may still spend and send, per budget and rate limit of the key itself. */
export async function keyQuota(tx: TenantTx, keyId: string) {
  const k = await tx.virtualKey.findUnique({
    where: { id: keyId },
    select: { id: true, name: true, expiresAt: true, revokedAt: true, allowedModels: true, allowedProviders: true },
  });
  const l = await limitsOf(tx, keyId);
  return {
    virtual_key: {
      id: k?.id,
      name: k?.name,
      expires_at: k?.expiresAt,
      revoked: Boolean(k?.revokedAt),
      allowed_models: k?.allowedModels,
      allowed_providers: k?.allowedProviders,
    },
    budgets: l.budgets.map((b) => ({ ...b, remaining_usd: Math.max(0, b.limit_usd - b.spent_usd - b.reserved_usd) })),
    rate_limits: l.rate_limits,
  };
}
