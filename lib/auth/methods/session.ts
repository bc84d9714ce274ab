// Session cookie (console, and /v1 calls from the console). The Auth.js JWT carries only the
// user id, tenant id, session id and sign-in time. On every request, in one tenant transaction:
// the session record named by the sid must be alive (not ended, not idle past the tenant's idle
// timeout, not past its absolute lifetime; one statement, which also touches last_seen_at at
// most once a minute, ADR 0031), and the user is re-read, so deactivation, role and custom-role
// changes, "revoke sessions" and an ended session take effect on the next request. Permissions
// and team scope come from personAccess(), like every method's.
import "server-only";
import { getToken } from "next-auth/jwt";
import type { Database } from "@/lib/db/runtime";
import { WardenError } from "@/lib/errors";
import type { RequestIds } from "@/lib/http/request-context";
import { personAccess } from "@/lib/rbac/authorize";
import { checkSessionRecord, endDeadSession } from "@/lib/auth/sessions/records";
import { refreshSessionAtIdp } from "@/lib/auth/sessions/idp-refresh";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { personFields, type Actor } from "../actor";
import type { AuthMethodResolver } from "./types";

export type SessionProblem =
  "invalid" | "account_disabled" | "revoked" | "ended" | "idle" | "expired" | "idp_refused" | "idp_unreachable";
export type SessionResult = { actor: Actor; tenantName: string } | { problem: SessionProblem } | null;

const COOKIE = /(?:^|;\s*)(?:__Secure-)?authjs\.session-token(?:\.\d+)?=/;

function secureCookie(): boolean {
  return (process.env.AUTH_URL ?? "").startsWith("https://");
}

/**
 * The decoded session token: null when no session cookie was presented, undefined when one was
 * but it does not decode (wrong secret, expired, tampered). Tenant sessions and platform-operator
 * sessions (lib/auth/methods/operator-session.ts) share the cookie; each method checks its own claims.
 */
export async function readSessionToken(headers: Headers): Promise<Record<string, unknown> | null | undefined> {
  if (!COOKIE.test(headers.get("cookie") ?? "")) return null;
  const secret = process.env.AUTH_SECRET;
  if (!secret) return undefined;
  return (await getToken({ req: { headers }, secret, secureCookie: secureCookie() }).catch(() => null)) ?? undefined;
}

/**
 * Reads and checks the session; null when no session cookie was presented. An OIDC session whose
 * refresh is due goes back to its IdP first (lib/auth/sessions/idp-refresh.ts, ADR 0034): a role
 * or group changed there applies to this very request; a refusal ends the session here.
 */
export async function loadSession(
  headers: Headers,
  ids: RequestIds,
  opts: { db?: Database; refreshed?: boolean } = {},
): Promise<SessionResult> {
  const token = await readSessionToken(headers);
  if (token === null) return null;
  const uid = token?.uid;
  const tenantId = token?.tenantId;
  const authAt = Number(token?.authAt);
  const sid = token?.sid;
  if (typeof uid !== "string" || typeof tenantId !== "string" || typeof sid !== "string" || !Number.isFinite(authAt))
    return { problem: "invalid" };

  const found = await withTenant(
    tenantId,
    async (
      tx,
    ): Promise<
      | { problem: SessionProblem }
      | { refresh: true }
      | {
          user: NonNullable<Awaited<ReturnType<typeof personAccess>>>;
          tenant: { slug: string; name: string };
          breakGlassEndsAt?: Date;
        }
    > => {
      const record = await checkSessionRecord(tx, sid, uid);
      if (!record.tenant || record.state === "missing") return { problem: "invalid" };
      // A deactivated person's ended session still says so (the sign-in page explains it).
      if (record.state === "ended")
        return { problem: record.endReason === "account_disabled" ? "account_disabled" : "ended" };
      // Found dead by this request: the record ends now, audited once (later requests see "ended").
      if (record.state === "idle" || record.state === "expired") {
        await endDeadSession(tx, sid, record.state, ids.requestId);
        return { problem: record.state };
      }
      if (record.refreshDue && !opts.refreshed) return { refresh: true as const };
      const user = await personAccess(tx, { id: uid });
      if (!user) return { problem: "invalid" };
      if (!user.active) {
        await endDeadSession(tx, sid, "account_disabled", ids.requestId);
        return { problem: "account_disabled" };
      }
      return { user, tenant: record.tenant, breakGlassEndsAt: record.breakGlassEndsAt };
    },
    { db: opts.db },
  );
  if ("problem" in found) return found;
  if ("refresh" in found) {
    // Outside the tenant transaction: the IdP is called over the network.
    const r = await refreshSessionAtIdp(tenantId, sid, uid, ids.requestId, opts);
    if (r.ended) return { problem: r.ended };
    return loadSession(headers, ids, { ...opts, refreshed: true });
  }
  const { user, tenant, breakGlassEndsAt } = found;
  if (user.sessionsRevokedAt && authAt * 1000 < user.sessionsRevokedAt.getTime()) return { problem: "revoked" };

  const actor: Actor = {
    kind: "user",
    subject: user.id,
    tenantId,
    tenantSlug: tenant.slug,
    ...personFields(user),
    authMethod: "session",
    mfa: token?.mfa === true,
    requestId: ids.requestId,
    traceId: ids.traceId,
    sessionId: sid,
    ...(breakGlassEndsAt ? { breakGlass: { endsAt: breakGlassEndsAt.toISOString() } } : {}),
  };
  return { actor, tenantName: tenant.name };
}

const MESSAGES: Record<SessionProblem, string> = {
  invalid: "The session is invalid or has expired; sign in again",
  account_disabled: "The account is disabled",
  revoked: "The session was revoked; sign in again",
  ended: "The session was ended; sign in again",
  idle: "The session ended after a period of inactivity; sign in again",
  expired: "The session reached its maximum lifetime; sign in again",
  idp_refused: "The identity provider no longer accepts this session; sign in again",
  idp_unreachable: "The identity provider could not be reached to confirm this session; sign in again",
};

export const resolveSession: AuthMethodResolver = async (input) => {
  const result = await loadSession(input.headers, input.ids);
  if (!result) return null;
  if ("problem" in result) throw new WardenError("invalid_credentials", MESSAGES[result.problem]);
  return result.actor;
};
