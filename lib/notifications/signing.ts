// Webhook signatures. Header: `x-warden-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
// A receiver recomputes the HMAC over the raw body and refuses a timestamp outside the replay
// window (default 300 s either side), so a captured request cannot be replayed later. Receivers
// should also remember `x-warden-delivery` ids for the window to drop exact duplicates.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-warden-signature";
export const DELIVERY_HEADER = "x-warden-delivery";
export const REPLAY_WINDOW_SECONDS = 300;

export function signPayload(secret: string, body: string, nowSeconds: number = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac("sha256", secret).update(`${nowSeconds}.${body}`).digest("hex");
  return `t=${nowSeconds},v1=${mac}`;
}

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: string };

export function verifySignature(
  secret: string,
  body: string,
  header: string | null | undefined,
  opts: { nowSeconds?: number; toleranceSeconds?: number } = {},
): VerifyResult {
  if (!header) return { ok: false, reason: "missing signature header" };
  const parts = Object.fromEntries(header.split(",").map((p) => p.trim().split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!parts.t || !Number.isInteger(t)) return { ok: false, reason: "missing or malformed timestamp" };
  if (!parts.v1 || !/^[0-9a-f]{64}$/.test(parts.v1)) return { ok: false, reason: "missing or malformed v1 signature" };
  const now = opts.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (opts.toleranceSeconds ?? REPLAY_WINDOW_SECONDS))
    return { ok: false, reason: "timestamp outside the replay window" };
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.v1, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: "signature mismatch" };
  return { ok: true, timestamp: t };
}
