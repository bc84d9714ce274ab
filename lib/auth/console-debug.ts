// The Access debug page's data: the same answer /v1/auth/debug gives, for the console actor
// and this page request (ids from proxy.ts). The "why a 403" explainer is explainAction.
import "server-only";
import type { PublicActor } from "@/lib/auth/actor";
import { debugInfo } from "@/lib/auth/introspect";
import { requestIds } from "@/lib/http/request-context";
import { requestHeaders } from "@/lib/http/request-scope";

function introspectable(actor: PublicActor) {
  // The public actor carries no MFA flag; the page does not show one.
  return { ...actor, kind: "user" as const, mfa: false, permissions: new Set(actor.permissions) };
}

/** The ids proxy.ts assigned to this page request (forwarded as request headers). */
async function pageIds() {
  const h = await requestHeaders();
  const fresh = requestIds(h);
  const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/.exec(h.get("traceparent") ?? "");
  return m ? { requestId: fresh.requestId, traceId: m[1], spanId: m[2] } : fresh;
}

export async function consoleDebug(actor: PublicActor) {
  const ids = await pageIds();
  const { mfa: _mfa, ...info } = await debugInfo(introspectable(actor), ids);
  return info;
}
