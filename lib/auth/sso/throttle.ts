// Sign-in throttling, on sliding windows kept in the database (so it holds across instances and
// restarts). It counts FAILURES, not starts: typing someone's e-mail on the sign-in page proves
// nothing, so starting SSO is limited per client only, and a person is never locked out by what
// strangers type. What locks is a refused sign-in or a bad SAML response:
// - per client:             WARDEN_SIGNIN_MAX_PER_IP (default 60) starts, and as many failures;
// - per e-mail and client:  WARDEN_SIGNIN_MAX_PER_EMAIL (default 10) failures;
// each per WARDEN_SIGNIN_WINDOW_SECONDS (default 600). The client is lib/http/client-ip.ts's answer.
import "server-only";
import type { Database } from "@/lib/db/runtime";
import { WardenError } from "@/lib/errors";
import { countSignInAttempts, recordSignInAttempt } from "@/lib/tenancy/system";

function limit(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

const windowMs = () => limit("WARDEN_SIGNIN_WINDOW_SECONDS", 600) * 1000;

const norm = (email: string | undefined) => email?.trim().toLowerCase() || undefined;
// "email:<address>|ip:<addr>" keeps the "email:" prefix, so erasure finds every row of an address.
const keys = (ip: string, email?: string) => ({
  ip: `fail:ip:${ip}`,
  email: email ? `email:${email}|ip:${ip}` : undefined,
});

function tooMany(): WardenError {
  const retry = String(limit("WARDEN_SIGNIN_WINDOW_SECONDS", 600));
  return new WardenError("rate_limited", "Too many sign-in attempts. Wait a few minutes and try again.", {
    headers: { "retry-after": retry },
  });
}

/** Refuses (429) when this client, or this e-mail from this client, has failed too often. Records nothing. */
export async function assertSignInAllowed(ip: string, email?: string, db?: Database): Promise<void> {
  const k = keys(ip, norm(email));
  const counts = await countSignInAttempts([k.ip, ...(k.email ? [k.email] : [])], windowMs(), db);
  if (counts[k.ip] >= limit("WARDEN_SIGNIN_MAX_PER_IP", 60)) throw tooMany();
  if (k.email && counts[k.email] >= limit("WARDEN_SIGNIN_MAX_PER_EMAIL", 10)) throw tooMany();
}

/**
 * Starting a sign-in (the sign-in page, the SAML login route): counted per client only, so that
 * starts cannot lock anyone out; refused too when the client (or the e-mail from it) is locked.
 */
export async function throttleSignInStart(ip: string, email?: string, db?: Database): Promise<void> {
  await assertSignInAllowed(ip, email, db);
  const key = `start:ip:${ip}`;
  const counts = await recordSignInAttempt([key], windowMs(), db);
  if (counts[key] > limit("WARDEN_SIGNIN_MAX_PER_IP", 60)) throw tooMany();
}

/** A refused sign-in or a bad SAML response: counts against the client, and the e-mail from it. */
export async function recordSignInFailure(ip: string, email?: string, db?: Database): Promise<void> {
  const k = keys(ip, norm(email));
  await recordSignInAttempt([k.ip, ...(k.email ? [k.email] : [])], windowMs(), db);
}
