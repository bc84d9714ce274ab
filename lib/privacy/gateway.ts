// The gateway's compliance step (called once from lib/gateway/core.ts, after admission and before
// forwarding) and the storage of prompt/response bodies that policy AND consent allow. Clean
// requests cost a cached lookup and one scan, no database round trip; decisions (block, redact,
// record) are audited with the rule and the counts per detector, never the matched data.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit } from "@/lib/audit/append";
import { sealSecret } from "@/lib/crypto/secret-box";
import { tenantKeyForSql } from "@/lib/crypto/tenant-key";
import type { Database } from "@/lib/db/runtime";
import { WardenError } from "@/lib/errors";
import type { Admission } from "@/lib/gateway/admission";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { withTenantSql } from "@/lib/tenancy/with-tenant-sql";
import { effectivePolicy, evaluate, type Verdict } from "./evaluate";
import { tenantPrivacy } from "./policy-cache";

export interface PolicyOutcome {
  /** What to forward: the request's messages, redacted where the policy says so. */
  messages: unknown[];
  /** Store the forwarded prompt and the answer (sealed): policy allows it and the person consented. */
  storeBody: boolean;
}

export interface PolicyInput {
  actor: Actor;
  a: Admission;
  messages: unknown[];
  requestId: string;
  ip?: string;
}

async function auditVerdict(db: Database, x: PolicyInput, v: Verdict, region: string) {
  const action = v.block
    ? "gateway.compliance_violation"
    : v.redacted.length
      ? "privacy.policy.redact"
      : "privacy.policy.record";
  const l = x.a.levels;
  await withTenant(
    x.actor,
    (tx) =>
      appendAudit(tx, {
        action,
        outcome: v.block ? "denied" : "success",
        actor: {
          kind: x.actor.kind,
          subject: x.actor.subject,
          userId: x.actor.userId ?? l.userId,
          authMethod: x.actor.authMethod,
        },
        target: l.virtualKeyId ? { type: "virtual_key", id: l.virtualKeyId } : { type: "user", id: l.userId },
        details: {
          policy_id: v.policyId,
          rule: v.block?.rule ?? null,
          findings: v.findings,
          redacted: v.redacted,
          recorded: v.recorded,
          provider: x.a.provider.name,
          region,
        },
        ip: x.ip,
        requestId: x.requestId,
      }),
    { db },
  );
}

/** Throws 403 compliance_violation (after auditing it) when the policy blocks the request. */
export async function enforcePolicy(db: Database, x: PolicyInput): Promise<PolicyOutcome> {
  const t = await tenantPrivacy(db, x.actor.tenantId);
  const policy = effectivePolicy(t.policies, x.a.levels, x.actor.tenantId);
  if (!policy) return { messages: x.messages, storeBody: false };
  const facts = t.providers.get(x.a.provider.id) ?? { region: "unknown", hipaa_covered: false };
  const v = evaluate(policy, x.messages, facts);
  if (v.block || v.redacted.length || v.recorded.length) await auditVerdict(db, x, v, facts.region);
  if (v.block) throw new WardenError("compliance_violation", v.block.message);
  const person = x.actor.userId ?? x.a.levels.userId;
  return {
    messages: v.messages,
    storeBody: policy.store_bodies && person !== undefined && t.loggingConsent.has(person),
  };
}

const pending = new Set<Promise<void>>();

/** Resolves when every body write started so far has finished (tests, graceful shutdown). */
export async function bodiesStored(): Promise<void> {
  await Promise.allSettled([...pending]);
}

/** Seals and stores one request's forwarded prompt and its answer (off the response path). */
export function storeBody(db: Database, x: Parameters<typeof writeBody>[1]): Promise<void> {
  const p = writeBody(db, x).finally(() => pending.delete(p));
  pending.add(p);
  return p;
}

async function writeBody(
  db: Database,
  x: { actor: Actor; a: Admission; requestId: string; model: string; messages: unknown[]; response: Buffer | null },
): Promise<void> {
  const l = x.a.levels;
  await withTenantSql(db, x.actor.tenantId, async (sql) => {
    const tk = await tenantKeyForSql(sql, x.actor.tenantId);
    await sql.query(
      `INSERT INTO gateway_bodies (tenant_id, request_id, user_id, virtual_key_id, model, prompt_sealed, response_sealed) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        x.actor.tenantId,
        x.requestId,
        x.actor.userId ?? l.userId ?? null,
        l.virtualKeyId ?? null,
        x.model,
        sealSecret(JSON.stringify(x.messages), tk),
        x.response ? sealSecret(x.response.toString("utf8"), tk) : null,
      ],
    );
  });
}
