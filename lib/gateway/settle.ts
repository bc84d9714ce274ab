// Usage facts of one request, and the record of a refused one (usage record + audit entry).
// Answered requests are settled in batches by settle-batch.ts.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit, auditActor } from "@/lib/audit/append";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import type { Rejection } from "./admission";
import type { Levels } from "./loaders";

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

const INSERT_USAGE = `
  INSERT INTO usage_records (tenant_id, request_id, virtual_key_id, user_id, team_id, customer_id, provider, model,
                             prompt_tokens, completion_tokens, cost_usd, latency_ms, status, http_status, stream, ts)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::numeric, $12, $13, $14, $15, $16)`;

function usageParams(
  actor: Actor,
  l: Levels,
  u: UsageFacts,
  x: { provider: string | null; model: string | null; cost: string },
) {
  return [
    actor.tenantId,
    u.requestId,
    l.virtualKeyId ?? null,
    l.userId ?? null,
    l.teamId ?? null,
    l.customerId ?? null,
    x.provider,
    x.model,
    u.promptTokens,
    u.completionTokens,
    x.cost,
    u.latencyMs,
    u.status,
    u.httpStatus,
    u.stream,
    u.now,
  ];
}

/** A refused request: a zero-cost usage record and a `gateway.<type>` audit entry. */
export async function recordRejection(
  tx: TenantTx,
  actor: Actor,
  rej: Rejection,
  u: Omit<UsageFacts, "promptTokens" | "completionTokens">,
  model: string | null,
  ip?: string,
) {
  // Rejections are rare and audited: they take the Prisma path that appendAudit needs.
  await tx.$executeRawUnsafe(
    INSERT_USAGE,
    ...usageParams(
      actor,
      rej.levels,
      { ...u, promptTokens: 0, completionTokens: 0 },
      { provider: (rej.detail.provider as string) ?? null, model, cost: "0" },
    ),
  );
  await appendAudit(tx, {
    action: `gateway.${rej.error.type}`,
    outcome: "denied",
    // On purpose: an actor with no user of its own (a virtual key) is recorded with the user the request is charged to.
    actor: auditActor({ ...actor, userId: actor.userId ?? rej.levels.userId }),
    target: rej.levels.virtualKeyId
      ? { type: "virtual_key", id: rej.levels.virtualKeyId }
      : { type: "user", id: rej.levels.userId },
    details: { ...rej.detail, model, message: rej.error.message },
    ip,
    requestId: u.requestId,
  });
}
