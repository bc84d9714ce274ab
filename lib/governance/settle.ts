// Settlement after the upstream answered (or failed): release each level's reservation, charge
// the actual cost to every level, add tokens to the rate-limit buckets, and write the usage
// record -- one transaction. Rejections get a usage record and an audit entry of their own.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit } from "@/lib/audit/append";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import type { Admission, Rejection } from "./admission";
import type { Levels } from "./context";
import { costUsd, usdString } from "./pricing";
import type { Sql } from "./tenant-sql";
import { currentWindowStart } from "./windows";

export interface UsageFacts {
  requestId: string;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  status: string;
  httpStatus: number;
  stream: boolean;
  now: Date;
}

export async function settle(sql: Sql, actor: Actor, a: Admission, u: UsageFacts): Promise<string> {
  const cost = usdString(costUsd(a.price, u.promptTokens, u.completionTokens));
  const tokens = u.promptTokens + u.completionTokens;
  for (const r of a.rateBuckets) {
    if (tokens > 0) {
      await sql.query("UPDATE rate_limit_counters SET tokens = tokens + $1 WHERE rate_limit_id = $2 AND bucket_start = $3", [tokens, r.id, r.bucketStart], "warden_gw_tokens");
    }
  }
  for (const b of a.budgets) {
    const ws = currentWindowStart(b.windowStart, u.now, b.window, b.mode);
    // The reservation is released whatever window we are in now; spend lands in the current one.
    await sql.query(
      `UPDATE budgets SET
         reserved_usd = GREATEST(reserved_usd - $2::numeric, 0),
         spent_usd = (CASE WHEN window_start < $3 THEN 0 ELSE spent_usd END) + $4::numeric,
         window_start = GREATEST(window_start, $3)
        WHERE id = $1`,
      [b.id, a.reservedUsd, ws, cost],
      "warden_gw_settle",
    );
  }
  await insertUsage(sql, actor, a.levels, u, { provider: a.provider.name, model: a.upstreamModel, cost });
  return cost;
}

const INSERT_USAGE = `
  INSERT INTO usage_records (tenant_id, request_id, virtual_key_id, user_id, team_id, customer_id, provider, model,
                             prompt_tokens, completion_tokens, cost_usd, latency_ms, status, http_status, stream, ts)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::numeric, $12, $13, $14, $15, $16)`;

function usageParams(actor: Actor, l: Levels, u: UsageFacts, x: { provider: string | null; model: string | null; cost: string }) {
  return [actor.tenantId, u.requestId, l.virtualKeyId ?? null, l.userId ?? null, l.teamId ?? null, l.customerId ?? null,
    x.provider, x.model, u.promptTokens, u.completionTokens, x.cost, u.latencyMs, u.status, u.httpStatus, u.stream, u.now];
}

async function insertUsage(sql: Sql, actor: Actor, l: Levels, u: UsageFacts, x: { provider: string | null; model: string | null; cost: string }) {
  await sql.query(INSERT_USAGE, usageParams(actor, l, u, x), "warden_gw_usage");
}

/** A refused request: a zero-cost usage record and a `gateway.<type>` audit entry. */
export async function recordRejection(tx: TenantTx, actor: Actor, rej: Rejection, u: Omit<UsageFacts, "promptTokens" | "completionTokens">, model: string | null, ip?: string) {
  // Rejections are rare and audited: they take the Prisma path that appendAudit needs.
  await tx.$executeRawUnsafe(INSERT_USAGE, ...usageParams(actor, rej.levels, { ...u, promptTokens: 0, completionTokens: 0 }, { provider: (rej.detail.provider as string) ?? null, model, cost: "0" }));
  await appendAudit(tx, {
    action: `gateway.${rej.error.type}`,
    outcome: "denied",
    actor: { kind: actor.kind, subject: actor.subject, userId: actor.userId ?? rej.levels.userId, authMethod: actor.authMethod },
    target: rej.levels.virtualKeyId ? { type: "virtual_key", id: rej.levels.virtualKeyId } : { type: "user", id: rej.levels.userId },
    details: { ...rej.detail, model, message: rej.error.message },
    ip,
    requestId: u.requestId,
  });
}
