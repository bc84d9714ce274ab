// Console session records (ADR 0031). The session cookie (lib/auth/sso/session-cookie.ts) still
// carries only ids; its `sid` names a console_sessions row, which says whether the session is
// alive: not ended, used within the tenant's idle timeout, younger than its absolute lifetime.
// One function starts a record at every sign-in (OIDC through Auth.js, SAML), one statement
// checks it on every request (lib/auth/methods/session.ts), and one function ends it, audited.
import "server-only";
import { randomUUID } from "node:crypto";
import { appendAudit, type AuditActorRef } from "@/lib/audit/append";
import type { Database } from "@/lib/db/runtime";
import { WardenError } from "@/lib/errors";
import { withTenant, type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";
import { MAX_MINUTES } from "@/lib/auth/session-views";
import { sealSecret } from "@/lib/crypto/secret-box";
import { tenantKeyFor } from "@/lib/crypto/tenant-key";

export type SessionMethod = "oidc" | "saml" | "break_glass";
export const END_REASONS = [
  "signed_out",
  "ended_by_user",
  "ended_by_admin",
  "idle",
  "expired",
  "account_disabled",
  "idp_refused",
  "idp_unreachable",
] as const;
export type EndReason = (typeof END_REASONS)[number];

/** A session's last_seen_at is written at most once per this many seconds. */
export const TOUCH_SECONDS = 60;
/** The cookie lives as long as the longest lifetime a tenant may choose; the record decides. */
export const SESSION_COOKIE_MAX_AGE_SECONDS = MAX_MINUTES.max * 60;

export interface SessionStart {
  userId: string;
  tenantId: string;
  mfa: boolean;
  method: SessionMethod;
  providerId?: string | null;
  providerName?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string;
  /**
   * OIDC: what the IdP's token endpoint answered at sign-in. The refresh token lets the session be
   * refreshed (ADR 0034), the ID token is the id_token_hint of RP-initiated logout. Both are sealed
   * with the record, never logged, never in the cookie.
   */
  idpTokens?: { refreshToken?: string | null; idToken?: string | null };
  /** A shorter absolute lifetime than the tenant's (break-glass, ADR 0039): the lower one applies. */
  maxMinutes?: number;
}

/** Trimmed User-Agent: enough to recognise a browser, bounded in size. */
export function deviceOf(userAgent: string | null | undefined): string | null {
  const ua = (userAgent ?? "").replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return ua ? ua.slice(0, 200) : null;
}

/**
 * Starts a console session: the record, whose id becomes the cookie's sid. Every sign-in path
 * calls this (the Auth.js jwt callback, the SAML browser flow through issueSessionCookie).
 */
export async function startConsoleSession(
  input: SessionStart,
  opts: { db?: Database } = {},
): Promise<{ sid: string; expiresAt: Date }> {
  const sid = randomUUID();
  const row = await withTenant(
    input.tenantId,
    async (tx) => {
      const tenant = await tx.tenant.findUniqueOrThrow({
        where: { id: input.tenantId },
        select: { sessionMaxMinutes: true },
      });
      const now = new Date();
      // The IdP's tokens are sealed under the tenant's own key (ADR 0035): shredded with it.
      const tk = input.method === "oidc" && input.idpTokens ? await tenantKeyFor(tx) : null;
      return tx.consoleSession.create({
        data: {
          id: sid,
          tenantId: input.tenantId,
          userId: input.userId,
          method: input.method,
          providerId: input.providerId ?? null,
          providerName: input.providerName?.slice(0, 200) ?? null,
          mfa: input.mfa,
          ip: input.ip && input.ip !== "unknown" ? input.ip : null,
          device: deviceOf(input.userAgent),
          createdAt: now,
          lastSeenAt: now,
          expiresAt: new Date(
            now.getTime() + Math.min(tenant.sessionMaxMinutes, input.maxMinutes ?? Infinity) * 60_000,
          ),
          ...(input.method === "oidc" && input.idpTokens?.refreshToken
            ? { idpRefreshTokenSealed: sealSecret(input.idpTokens.refreshToken, tk), refreshedAt: now }
            : {}),
          ...(input.method === "oidc" && input.idpTokens?.idToken
            ? { idpIdTokenSealed: sealSecret(input.idpTokens.idToken, tk) }
            : {}),
        },
        select: { expiresAt: true },
      });
    },
    { db: opts.db },
  );
  return { sid, expiresAt: row.expiresAt };
}

export type SessionState = "ok" | "missing" | "ended" | "idle" | "expired";

export interface CheckedSession {
  state: SessionState;
  /** Why an ended session ended. */
  endReason: EndReason | null;
  tenant: { slug: string; name: string } | null;
  /** OIDC with a refresh token: the tenant's refresh interval has passed and no refresh is under way (ADR 0034). */
  refreshDue: boolean;
  /** A break-glass session (ADR 0039) and when it ends: the console shows a banner. */
  breakGlassEndsAt?: Date;
}

/** A claimed refresh that has not finished (its process died) may be claimed again after this. */
export const REFRESH_CLAIM_SECONDS = 30;

/**
 * The per-request check, ONE statement in the request's tenant transaction: reads the record and
 * the tenant (its name and slug, which the resolver needed anyway, and the timeouts), and moves
 * last_seen_at forward when it is older than TOUCH_SECONDS and the session is alive. A fresh
 * session costs no write. Idle and expiry compare with the tenant's settings now, so lowering
 * them applies to sessions already open; the absolute end is also bounded by the expires_at the
 * session started with.
 */
export async function checkSessionRecord(tx: TenantTx, sid: string, userId: string): Promise<CheckedSession> {
  const tenantId = await tenantIdOf(tx);
  const rows = await tx.$queryRaw<
    {
      slug: string;
      name: string;
      state: SessionState;
      end_reason: EndReason | null;
      refresh_due: boolean | null;
      method: string | null;
      ends_at: Date | null;
    }[]
  >`
    WITH t AS (
      SELECT slug, name, session_idle_minutes AS idle, session_max_minutes AS max, session_refresh_minutes AS refresh FROM tenants WHERE id = ${tenantId}
    ), s AS (
      SELECT c.id, c.ended_at, c.end_reason, c.last_seen_at, c.method,
             (c.idp_refresh_token_sealed IS NOT NULL
               AND (c.refreshed_at IS NULL OR c.refreshed_at <= now() - make_interval(mins => t.refresh))
               AND (c.refresh_attempt_at IS NULL OR c.refresh_attempt_at < now() - interval '30 seconds')) AS refresh_due, -- REFRESH_CLAIM_SECONDS
             least(c.expires_at, c.created_at + make_interval(mins => t.max)) AS ends_at,
             c.last_seen_at + make_interval(mins => t.idle) AS idle_at
      FROM console_sessions c, t WHERE c.id = ${sid} AND c.user_id = ${userId}
    ), touched AS (
      UPDATE console_sessions c SET last_seen_at = now()
      FROM s
      WHERE c.id = s.id AND s.ended_at IS NULL AND now() < s.ends_at AND now() < s.idle_at
        AND s.last_seen_at < now() - interval '60 seconds' -- TOUCH_SECONDS
      RETURNING c.id
    )
    SELECT t.slug, t.name, s.end_reason, s.refresh_due, s.method, s.ends_at,
      CASE WHEN s.id IS NULL THEN 'missing'
           WHEN s.ended_at IS NOT NULL THEN 'ended'
           WHEN now() >= s.ends_at THEN 'expired'
           WHEN now() >= s.idle_at THEN 'idle'
           ELSE 'ok' END AS state
    FROM t LEFT JOIN s ON true`;
  // (A data-modifying WITH runs once whether or not the outer SELECT reads it.)
  const row = rows[0];
  if (!row) return { state: "missing", endReason: null, tenant: null, refreshDue: false };
  return {
    state: row.state,
    endReason: row.end_reason,
    tenant: { slug: row.slug, name: row.name },
    refreshDue: row.state === "ok" && row.refresh_due === true,
    ...(row.method === "break_glass" && row.ends_at ? { breakGlassEndsAt: new Date(row.ends_at) } : {}),
  };
}

export const SYSTEM: AuditActorRef = { kind: "system", subject: "system", authMethod: "system" };

export interface EndBy {
  /** Who ended it: the person, an admin, or the system (timeouts, a disabled account). */
  actor: AuditActorRef;
  ip?: string;
  requestId?: string;
  /** The audit action (default auth.session_end); signing out keeps its auth.logout. */
  action?: string;
  /** More for the audit entry (why the IdP refused a refresh, say). */
  details?: Record<string, unknown>;
}

/**
 * Ends the given live sessions (one UPDATE) and audits each as auth.session_end with its reason;
 * sessions already ended are left as they are. Returns the ids it ended.
 */
export async function endSessions(
  tx: TenantTx,
  where: { ids?: string[]; userId?: string },
  reason: EndReason,
  by: EndBy = { actor: SYSTEM },
): Promise<string[]> {
  if (!where.ids && !where.userId) throw new Error("endSessions: ids or userId is required");
  // One UPDATE ... RETURNING: exactly the rows this statement ended are audited (a concurrent
  // end of the same session waits for the row lock, then finds it ended and returns nothing).
  const live = await tx.consoleSession.updateManyAndReturn({
    where: {
      endedAt: null,
      ...(where.ids ? { id: { in: where.ids } } : {}),
      ...(where.userId ? { userId: where.userId } : {}),
    },
    // The IdP's tokens go with the session: an ended session has nothing left to refresh.
    data: {
      endedAt: new Date(),
      endReason: reason,
      endedBy: by.actor.userId ?? null,
      idpRefreshTokenSealed: null,
      idpIdTokenSealed: null,
    },
    select: { id: true, userId: true },
  });
  for (const s of live) {
    await appendAudit(tx, {
      action: by.action ?? "auth.session_end",
      outcome: "success",
      actor: by.actor,
      target: { type: "user", id: s.userId },
      details: { sid: s.id, reason, ...by.details },
      ip: by.ip,
      requestId: by.requestId,
    });
  }
  return live.map((s) => s.id);
}

/** Ends one session found dead by the per-request check (idle, expired, disabled account). */
export async function endDeadSession(
  tx: TenantTx,
  sid: string,
  reason: Extract<EndReason, "idle" | "expired" | "account_disabled" | "idp_refused" | "idp_unreachable">,
  requestId?: string,
  details?: Record<string, unknown>,
): Promise<void> {
  await endSessions(tx, { ids: [sid] }, reason, { actor: SYSTEM, requestId, details });
}

/** A session id from the URL: the sid format (a UUID); anything else is simply not found. */
export function assertSessionId(id: string): void {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
    throw new WardenError("not_found", "No such session");
}

/** Signing out (Auth.js signOut event): ends the cookie's session in its own transaction. */
export async function endSignedOutSession(
  tenantId: string,
  sid: string,
  userId: string,
  meta: { ip?: string; requestId?: string },
): Promise<void> {
  await withTenant(tenantId, async (tx) => {
    await endSessions(tx, { ids: [sid], userId }, "signed_out", {
      actor: { kind: "user", subject: userId, userId, authMethod: "session" },
      action: "auth.logout",
      ...meta,
    });
  });
}
