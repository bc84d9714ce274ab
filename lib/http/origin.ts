// Cross-site request forgery guard for /v1 writes that ride on the console's session cookie.
// SameSite=Lax still lets a top-level cross-site form POST through on some browsers and paths,
// and body-less POSTs (erasure "complete", key "rotate") need no content type a form cannot send.
// So a write authenticated by the cookie must come from Warden's own origin: its Origin equals the
// public base URL's (WARDEN_PUBLIC_URL, else AUTH_URL, else the request's own origin), or, when a
// browser sends no Origin, Sec-Fetch-Site is "same-origin". Bearer, API-key, virtual-key, SCIM and
// proxy callers send no ambient credential and are not affected.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { WardenError } from "@/lib/errors";

/** What the check reads of a request (a Request satisfies it; the lean gateway builds one). */
export interface WriteRequest {
  method: string;
  url: string;
  headers: Headers;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The origin pages are served from: WARDEN_PUBLIC_URL, else AUTH_URL, else the request's. */
export function publicOrigin(requestUrl: string): string {
  const configured = process.env.WARDEN_PUBLIC_URL || process.env.AUTH_URL;
  try {
    return new URL(configured || requestUrl).origin;
  } catch {
    return new URL(requestUrl).origin;
  }
}

/** The actor, unless it is a cookie-authenticated write from another origin: then 403 cross_origin_request. */
export function assertSameOrigin<A extends Pick<Actor, "authMethod">>(req: WriteRequest, actor: A): A {
  // Support access (ADR 0037) rides on the operator's session cookie: the same check.
  if ((actor.authMethod !== "session" && actor.authMethod !== "support") || SAFE_METHODS.has(req.method.toUpperCase()))
    return actor;
  const origin = req.headers.get("origin");
  if (origin !== null) {
    if (origin === publicOrigin(req.url)) return actor;
    throw new WardenError(
      "cross_origin_request",
      "Cross-origin writes with the console session are refused (Origin does not match)",
    );
  }
  if (req.headers.get("sec-fetch-site") === "same-origin") return actor;
  throw new WardenError(
    "cross_origin_request",
    "Writes with the console session need an Origin header matching Warden's public URL (or use an API key)",
  );
}
