// What /v1/sessions, /v1/users/{id}/sessions, /v1/auth/session-policy and the console's Sessions
// views do with session records (ADR 0031): list a person's live sessions, end one or all of
// them, and read or change the tenant's idle timeout and absolute lifetime. Every end and every
// policy change is audited in the tenant's chain (records.ts endSessions, appendAudit).
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit, auditActor } from "@/lib/audit/append";
import { WardenError } from "@/lib/errors";
import { getUserOrThrow } from "@/lib/users/users";
import { type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";
import { assertSessionId, endSessions } from "./records";
import {
  deviceLabel,
  type SessionPolicy,
  type sessionPolicyPatchSchema,
  type SessionView,
} from "@/lib/auth/session-views";

async function policyOf(tx: TenantTx): Promise<{ idle: number; max: number; refresh: number }> {
  const tenantId = await tenantIdOf(tx);
  const t = await tx.tenant.findUniqueOrThrow({
    where: { id: tenantId },
    select: { sessionIdleMinutes: true, sessionMaxMinutes: true, sessionRefreshMinutes: true },
  });
  return { idle: t.sessionIdleMinutes, max: t.sessionMaxMinutes, refresh: t.sessionRefreshMinutes };
}

/** A person's live sessions (not ended, not idle, not expired), newest first. */
async function liveSessions(tx: TenantTx, actor: Actor, userId: string): Promise<SessionView[]> {
  const { idle, max } = await policyOf(tx);
  const rows = await tx.consoleSession.findMany({
    where: { userId, endedAt: null },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  const now = Date.now();
  return rows.flatMap((r) => {
    const ends = Math.min(r.expiresAt.getTime(), r.createdAt.getTime() + max * 60_000);
    const idleEnds = r.lastSeenAt.getTime() + idle * 60_000;
    if (now >= ends || now >= idleEnds) return [];
    return [
      {
        id: r.id,
        user_id: r.userId,
        method: r.method as SessionView["method"],
        provider: r.providerName,
        mfa: r.mfa,
        ip: r.ip,
        device: r.device,
        device_label: deviceLabel(r.device),
        created_at: r.createdAt.toISOString(),
        last_seen_at: r.lastSeenAt.toISOString(),
        expires_at: new Date(ends).toISOString(),
        idle_expires_at: new Date(Math.min(idleEnds, ends)).toISOString(),
        current: r.id === actor.sessionId,
      },
    ];
  });
}

/** The caller's own person: a session, or a key or token that acts for a person. */
function ownUserId(actor: Actor): string {
  if (!actor.userId) throw new WardenError("user_not_authorized", "Only a person has console sessions");
  return actor.userId;
}

export async function listOwnSessions(tx: TenantTx, actor: Actor) {
  return { data: await liveSessions(tx, actor, ownUserId(actor)) };
}

/** Ends one of the caller's own sessions (the current one too: its next request must sign in). */
export async function endOwnSession(tx: TenantTx, actor: Actor, id: string) {
  const userId = ownUserId(actor);
  assertSessionId(id);
  // Another person's session id answers like one that does not exist.
  const row = await tx.consoleSession.findFirst({ where: { id, userId }, select: { id: true } });
  if (!row) throw new WardenError("not_found", "No such session");
  const ended = await endSessions(tx, { ids: [id], userId }, "ended_by_user", {
    actor: auditActor(actor),
    requestId: actor.requestId,
  });
  return { ended: ended.length };
}

/** The person must exist and be within the admin's team scope (else 404, like /v1/users/{id}). */
async function assertUserVisible(tx: TenantTx, actor: Actor, userId: string): Promise<void> {
  await getUserOrThrow(tx, actor, userId);
}

export async function listUserSessions(tx: TenantTx, actor: Actor, userId: string) {
  await assertUserVisible(tx, actor, userId);
  return { data: await liveSessions(tx, actor, userId) };
}

/** "Sign out everywhere": ends every live session of the person, each audited. */
export async function revokeUserSessions(tx: TenantTx, actor: Actor, userId: string) {
  await assertUserVisible(tx, actor, userId);
  const ended = await endSessions(tx, { userId }, "ended_by_admin", {
    actor: auditActor(actor),
    requestId: actor.requestId,
  });
  return { ended: ended.length };
}

export async function sessionPolicy(tx: TenantTx): Promise<SessionPolicy> {
  const { idle, max, refresh } = await policyOf(tx);
  return { idle_timeout_minutes: idle, absolute_lifetime_minutes: max, refresh_interval_minutes: refresh };
}

/** Changes the timeouts; they apply at once to sessions already open (a lower lifetime ends older ones). */
export async function updateSessionPolicy(
  tx: TenantTx,
  actor: Actor,
  input: z.infer<typeof sessionPolicyPatchSchema>,
): Promise<SessionPolicy> {
  const previous = await sessionPolicy(tx);
  await tx.tenant.update({
    where: { id: actor.tenantId },
    data: {
      ...(input.idle_timeout_minutes !== undefined ? { sessionIdleMinutes: input.idle_timeout_minutes } : {}),
      ...(input.absolute_lifetime_minutes !== undefined ? { sessionMaxMinutes: input.absolute_lifetime_minutes } : {}),
      ...(input.refresh_interval_minutes !== undefined
        ? { sessionRefreshMinutes: input.refresh_interval_minutes }
        : {}),
    },
  });
  const next = await sessionPolicy(tx);
  await appendAudit(tx, {
    action: "tenant.session_policy.update",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "tenant", id: actor.tenantId },
    details: { ...next, previous },
    requestId: actor.requestId,
  });
  return next;
}
