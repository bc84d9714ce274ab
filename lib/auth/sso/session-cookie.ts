// The console session token, in one place: what Auth.js's jwt callback writes and what the
// SAML browser flow must write too (so both start the same kind of session). Only ids and
// the sign-in time travel in the cookie; lib/auth/methods/session.ts re-reads the rest, and a
// tenant session's sid names the server-side record (lib/auth/sessions/records.ts, ADR 0031)
// that every sign-in starts here, through newSessionClaims().
import "server-only";
import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { SESSION_COOKIE_MAX_AGE_SECONDS, startConsoleSession, type SessionStart } from "@/lib/auth/sessions/records";
import type { Database } from "@/lib/db/runtime";

/**
 * How long the cookie may live: the longest absolute lifetime a tenant may choose. The session
 * record enforces the tenant's own idle timeout and lifetime.
 */
export const SESSION_MAX_AGE_SECONDS = SESSION_COOKIE_MAX_AGE_SECONDS;

export interface SessionClaims {
  sub: string;
  uid: string;
  tenantId: string;
  sid: string;
  authAt: number;
  mfa: boolean;
}

/** Where a session comes from, for its record (method, IdP, client address, browser). */
export type SessionOrigin = Omit<SessionStart, "userId" | "tenantId" | "mfa">;

/** Starts the session record and answers the claims that name it: the one path of every tenant sign-in. */
export async function newSessionClaims(
  userId: string,
  tenantId: string,
  mfa: boolean,
  origin: SessionOrigin,
  opts: { db?: Database } = {},
): Promise<SessionClaims> {
  const { sid } = await startConsoleSession({ ...origin, userId, tenantId, mfa }, opts);
  return { sub: userId, uid: userId, tenantId, sid, authAt: Math.floor(Date.now() / 1000), mfa };
}

export function sessionCookieName(): string {
  return (process.env.AUTH_URL ?? "").startsWith("https://") ? "__Secure-authjs.session-token" : "authjs.session-token";
}

/**
 * A platform operator's session (ADR 0032): the operator id in `op`, no tenant. Tenant methods
 * refuse it (no tenantId); only the "platform" surface's method accepts it, and only with mfa.
 */
export interface OperatorSessionClaims {
  sub: string;
  op: string;
  sid: string;
  authAt: number;
  mfa: boolean;
}

export function operatorSessionClaims(operatorId: string, mfa: boolean): OperatorSessionClaims {
  return { sub: operatorId, op: operatorId, sid: randomUUID(), authAt: Math.floor(Date.now() / 1000), mfa };
}

async function cookieFor(claims: SessionClaims | OperatorSessionClaims) {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is required to issue a session");
  const name = sessionCookieName();
  const value = await encode({ token: { ...claims }, secret, salt: name, maxAge: SESSION_MAX_AGE_SECONDS });
  return {
    name,
    value,
    sid: claims.sid,
    options: {
      httpOnly: true,
      sameSite: "lax" as const,
      path: "/",
      secure: name.startsWith("__Secure-"),
      maxAge: SESSION_MAX_AGE_SECONDS,
    },
  };
}

/** A Set-Cookie-ready session for flows outside Auth.js (SAML ACS in the browser), its record started. */
export async function issueSessionCookie(
  userId: string,
  tenantId: string,
  mfa: boolean,
  origin: SessionOrigin,
  opts: { db?: Database } = {},
) {
  return cookieFor(await newSessionClaims(userId, tenantId, mfa, origin, opts));
}

/** The operator session Auth.js's jwt callback writes, as a Set-Cookie-ready value (tests, scripts). */
export async function issueOperatorSessionCookie(operatorId: string, mfa: boolean) {
  return cookieFor(operatorSessionClaims(operatorId, mfa));
}
