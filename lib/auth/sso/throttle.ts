// Sign-in throttling per client IP and per e-mail (brute force and enumeration), on a sliding
// window kept in the database. Limits: WARDEN_SIGNIN_MAX_PER_IP (default 60) and
// WARDEN_SIGNIN_MAX_PER_EMAIL (default 10) per WARDEN_SIGNIN_WINDOW_SECONDS (default 600).
import "server-only";
import type { Database } from "@/lib/db/runtime";
import { WardenError } from "@/lib/errors";
import { recordSignInAttempt } from "@/lib/tenancy/system";

function limit(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip") || "unknown";
}

/** Records the attempt and throws 429 rate_limited when the IP or the e-mail is over its limit. */
export async function throttleSignIn(ip: string, email: string | undefined, db?: Database): Promise<void> {
  const windowSeconds = limit("WARDEN_SIGNIN_WINDOW_SECONDS", 600);
  const keys = [`ip:${ip}`, ...(email ? [`email:${email.trim().toLowerCase()}`] : [])];
  const counts = await recordSignInAttempt(keys, windowSeconds * 1000, db);
  const ipOver = counts[keys[0]] > limit("WARDEN_SIGNIN_MAX_PER_IP", 60);
  const emailOver = keys[1] ? counts[keys[1]] > limit("WARDEN_SIGNIN_MAX_PER_EMAIL", 10) : false;
  if (ipOver || emailOver) {
    throw new WardenError("rate_limited", `Too many sign-in attempts. Wait a few minutes and try again.`, { headers: { "retry-after": String(windowSeconds) } });
  }
}
