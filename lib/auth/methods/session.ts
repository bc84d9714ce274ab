// Session cookie (console, and /v1 calls from the console). The Auth.js JWT carries only the
// user id, tenant id, session id and sign-in time; the user is re-read inside the tenant on every
// request, so deactivation, role and custom-role changes and "revoke sessions" take effect on the
// next request. Permissions and team scope come from personAccess(), like every method's.
import "server-only";
import { getToken } from "next-auth/jwt";
import type { Database } from "@/lib/db/runtime";
import { WardenError } from "@/lib/errors";
import type { RequestIds } from "@/lib/http/request-context";
import { personAccess } from "@/lib/rbac/authorize";
import { withTenant } from "@/lib/tenancy/with-tenant";
import type { Actor } from "../actor";
import type { AuthMethodResolver } from "./types";

export type SessionProblem = "invalid" | "account_disabled" | "revoked";
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

/** Reads and checks the session; null when no session cookie was presented. */
export async function loadSession(headers: Headers, ids: RequestIds, opts: { db?: Database } = {}): Promise<SessionResult> {
  const token = await readSessionToken(headers);
  if (token === null) return null;
  const uid = token?.uid;
  const tenantId = token?.tenantId;
  const authAt = Number(token?.authAt);
  if (typeof uid !== "string" || typeof tenantId !== "string" || !Number.isFinite(authAt)) return { problem: "invalid" };

  const found = await withTenant(
    tenantId,
    async (tx) => {
      const user = await personAccess(tx, { id: uid });
      const tenant = await tx.tenant.findUnique({ where: { id: tenantId }, select: { slug: true, name: true } });
      return user && tenant ? { user, tenant } : null;
    },
    { db: opts.db },
  );
  if (!found) return { problem: "invalid" };
  const { user, tenant } = found;
  if (!user.active) return { problem: "account_disabled" };
  if (user.sessionsRevokedAt && authAt * 1000 < user.sessionsRevokedAt.getTime()) return { problem: "revoked" };

  const actor: Actor = {
    kind: "user",
    subject: user.id,
    userId: user.id,
    tenantId,
    tenantSlug: tenant.slug,
    role: user.access.role,
    ...(user.access.roleName ? { roleName: user.access.roleName } : {}),
    permissions: user.access.permissions,
    ...(user.access.scope ? { scope: user.access.scope } : {}),
    authMethod: "session",
    mfa: token?.mfa === true,
    requestId: ids.requestId,
    traceId: ids.traceId,
    displayName: user.name,
    email: user.email,
  };
  return { actor, tenantName: tenant.name };
}

const MESSAGES: Record<SessionProblem, string> = {
  invalid: "The session is invalid or has expired; sign in again",
  account_disabled: "The account is disabled",
  revoked: "The session was revoked; sign in again",
};

export const resolveSession: AuthMethodResolver = async (input) => {
  const result = await loadSession(input.headers, input.ids);
  if (!result) return null;
  if ("problem" in result) throw new WardenError("invalid_credentials", MESSAGES[result.problem]);
  return result.actor;
};
