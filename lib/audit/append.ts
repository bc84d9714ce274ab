// The one audit append. Every audited change calls this with the SAME transaction client as
// the change, so there is no change without its entry and a rolled-back change leaves none.
// Appends are serialized per tenant by the row lock on the tenant's audit_heads row (an
// upsert that bumps seq): tenants never wait for each other and seq stays gap-free because
// the bump rolls back with the transaction.
import "server-only";
import type { AuthMethod } from "@/lib/auth/actor";
import { tenantIdOf, type TenantTx } from "@/lib/tenancy/with-tenant";
import { sealedParts, type SealedShape } from "./canonical";
import { GENESIS_HASH, sealHashWith } from "./chain";
import { signCheckpoint } from "./checkpoints";
import { currentKeyId, pseudonym, tenantChainKeyId, tenantKey } from "./keys";
import { tenantKeyFor } from "@/lib/crypto/tenant-key";
import { auditAppendDuration } from "@/lib/observability/metrics";
import { categoryOf, type AuditCategory } from "./taxonomy";

export type AuditOutcome = "success" | "failure" | "denied";

export interface AuditActorRef {
  kind: string;
  subject: string;
  userId?: string;
  authMethod?: AuthMethod;
  /** Personal data: stored in audit_subjects, never in the chain. */
  displayName?: string;
  email?: string;
}

export interface AuditEvent {
  /** dotted action, e.g. auth.login, api_key.create, privilege_escalation_attempt (see taxonomy.ts) */
  action: string;
  outcome: AuditOutcome;
  actor: AuditActorRef;
  target?: { type: string; id?: string };
  /** No personal data by contract (it is sealed into the chain). before/after feed the diff view. */
  details?: Record<string, unknown>;
  ip?: string;
  requestId?: string;
  /** Overrides the taxonomy's category for an action it does not know. */
  category?: AuditCategory;
  /** Backdated time (demo seed and imports only); defaults to now. */
  at?: Date;
}

export interface AppendedEntry {
  id: string;
  seq: number;
  hash: string;
}

// Ids Warden mints (usr_…, key_…, vk_…) are pseudonymous already; anything else (an e-mail
// typed into a failed sign-in) is replaced by a keyed pseudonym.
const MINTED_ID = /^[a-z]{1,8}_[A-Za-z0-9_-]{4,}$/;

export function actorRefOf(tenantId: string, actor: AuditActorRef): string {
  if (actor.userId) return actor.userId;
  if (MINTED_ID.test(actor.subject) || actor.subject === "system") return actor.subject;
  return "anon_" + pseudonym(tenantId, "subject", actor.subject.toLowerCase());
}

function checkpointEvery(): number {
  const n = Number(process.env.WARDEN_AUDIT_CHECKPOINT_EVERY || 100);
  return Number.isInteger(n) && n > 0 ? n : 100;
}

export async function appendAudit(tx: TenantTx, event: AuditEvent): Promise<AppendedEntry> {
  const end = auditAppendDuration.startTimer();
  try {
    return await append(tx, event);
  } finally {
    end();
  }
}

async function append(tx: TenantTx, event: AuditEvent): Promise<AppendedEntry> {
  currentKeyId(); // fails closed before anything is written
  const tenantId = await tenantIdOf(tx);
  // The tenant's key (ADR 0035): one Map lookup once this process has loaded it.
  await tenantKeyFor(tx);
  const keyId = tenantChainKeyId();

  // Everything that does not depend on the head is prepared before the head lock is taken: the
  // lock serializes the tenant's appends until COMMIT, so the locked section is kept to two
  // statements (bump the head; one statement that records the hash, the entry, the subject and,
  // every N entries, the signed checkpoint).
  const detailsJson = JSON.stringify(event.details ?? {});
  const fields: SealedShape = {
    tenant_id: tenantId,
    ts: (event.at ?? new Date()).toISOString(),
    actor_ref: actorRefOf(tenantId, event.actor),
    actor_kind: event.actor.kind,
    auth_method: event.actor.authMethod ?? null,
    action: event.action,
    category: event.category ?? categoryOf(event.action),
    target_type: event.target?.type ?? null,
    target_id: event.target?.id ?? null,
    outcome: event.outcome,
    ip_ref: event.ip ? pseudonym(tenantId, "ip", event.ip) : null,
    request_id: event.requestId ?? null,
    details: JSON.parse(detailsJson) as Record<string, unknown>,
    key_id: keyId,
  };
  const { prefix, suffix } = sealedParts(fields);
  const key = tenantKey(tenantId, keyId);
  const subject = subjectOf(fields.actor_ref, event.actor);
  const every = checkpointEvery();

  const heads = await tx.$queryRaw<{ tenant_id: string | null; seq: bigint; hash: string }[]>`
    INSERT INTO audit_heads (tenant_id, seq, hash, updated_at)
    VALUES (current_setting('app.tenant_id', true), 1, ${GENESIS_HASH}, now())
    ON CONFLICT (tenant_id) DO UPDATE SET seq = audit_heads.seq + 1, updated_at = now()
    RETURNING tenant_id, seq, hash`;
  const head = heads[0];
  if (!head?.tenant_id || head.tenant_id !== tenantId)
    throw new Error("appendAudit: the transaction's tenant is not the tenant it was opened for");
  const seq = Number(head.seq);
  const hash = sealHashWith(key, head.hash, prefix, seq, suffix);
  // A signed head every N entries, in the same transaction (the file sink is written by
  // takeCheckpoint outside business transactions, so a rollback never leaves a phantom there).
  const cp = seq % every === 0 ? signCheckpoint(tenantId, seq, hash, "checkpoint") : null;
  const rows = await tx.$queryRaw<{ id: string }[]>`
    WITH h AS (UPDATE audit_heads SET hash = ${hash} WHERE tenant_id = ${tenantId}),
    s AS (
      INSERT INTO audit_subjects (tenant_id, actor_ref, display_name, email, updated_at)
      SELECT ${tenantId}::text, ${fields.actor_ref}::text, ${subject?.name ?? null}::text, ${subject?.email ?? null}::text, now()
       WHERE ${subject !== null}::boolean
      ON CONFLICT (tenant_id, actor_ref) DO UPDATE
        SET display_name = COALESCE(EXCLUDED.display_name, audit_subjects.display_name),
            email = COALESCE(EXCLUDED.email, audit_subjects.email), updated_at = now()),
    c AS (
      INSERT INTO audit_checkpoints (tenant_id, seq, hash, signed_at, signature, key_id, kind)
      SELECT ${tenantId}::text, ${seq}::bigint, ${hash}::text, ${cp?.signed_at ?? null}::timestamptz, ${cp?.signature ?? null}::text,
             ${cp?.key_id ?? null}::text, 'checkpoint'
       WHERE ${cp !== null}::boolean)
    INSERT INTO audit_entries (tenant_id, seq, ts, actor_ref, actor_kind, auth_method, action, category,
      target_type, target_id, outcome, ip_ref, ip, request_id, details, prev_hash, hash, key_id)
    VALUES (${tenantId}, ${seq}, ${fields.ts}::timestamptz, ${fields.actor_ref}, ${fields.actor_kind}, ${fields.auth_method},
      ${fields.action}, ${fields.category}, ${fields.target_type}, ${fields.target_id}, ${fields.outcome}, ${fields.ip_ref},
      ${event.ip ?? null}, ${fields.request_id}, ${detailsJson}::jsonb, ${head.hash}, ${hash}, ${keyId})
    RETURNING id`;
  return { id: rows[0].id, seq, hash };
}

/** What audit_subjects keeps for an actor ref (personal data, never in the chain), or null. */
function subjectOf(actorRef: string, actor: AuditActorRef): { name: string | null; email: string | null } | null {
  const pseudonymous = actorRef.startsWith("anon_");
  const email = actor.email ?? (pseudonymous && actor.subject.includes("@") ? actor.subject : null);
  const name = actor.displayName ?? (pseudonymous && !email ? actor.subject : null);
  return email || name ? { name, email } : null;
}

/** The audit view of a resolved Actor, for every caller (names go to audit_subjects, never the chain). */
export function auditActor(actor: {
  kind: string;
  subject: string;
  userId?: string;
  authMethod: AuthMethod;
  displayName?: string;
  email?: string;
}): AuditActorRef {
  return {
    kind: actor.kind,
    subject: actor.subject,
    userId: actor.userId,
    authMethod: actor.authMethod,
    displayName: actor.displayName,
    email: actor.email,
  };
}
