// Answers 405 method_not_allowed (with Allow) for a known /v1 or /scim/v2 path called with a
// method its route does not export, in the error shape of that surface. Unknown paths are left
// to the catch-all routes (404). Framework-free so proxy.ts can run it before Next routes.
import { ROUTE_TABLE } from "./route-table";

type Pattern = { segments: string[]; methods: readonly string[] };

const patterns: Pattern[] = Object.entries(ROUTE_TABLE).map(([p, methods]) => ({
  segments: p.split("/").slice(1),
  methods,
}));

/** Next's precedence per segment: a static segment beats a dynamic one. */
function rank(pattern: Pattern, parts: string[]): number[] | null {
  if (pattern.segments.length !== parts.length) return null;
  const score: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const s = pattern.segments[i];
    if (/^\[[^.\]]+\]$/.test(s)) score.push(1);
    else if (s === parts[i]) score.push(2);
    else return null;
  }
  return score;
}

function compare(a: number[], b: number[]): number {
  const i = a.findIndex((v, k) => v !== b[k]);
  return i < 0 ? 0 : a[i] - b[i];
}

/** The route Next would serve for this path (static segments preferred), or null. */
export function matchRoute(pathname: string): { pattern: string; methods: readonly string[] } | null {
  const parts = pathname.replace(/\/+$/, "").split("/").slice(1);
  let best: { p: Pattern; score: number[] } | null = null;
  for (const p of patterns) {
    const score = rank(p, parts);
    if (!score) continue;
    if (!best || compare(score, best.score) > 0) best = { p, score };
  }
  return best ? { pattern: "/" + best.p.segments.join("/"), methods: best.p.methods } : null;
}

/** The methods a route answers: its exports, HEAD with GET, and OPTIONS (Next implements both). */
export function allowedMethods(exported: readonly string[]): string[] {
  const out = new Set(exported);
  if (out.has("GET")) out.add("HEAD");
  out.add("OPTIONS");
  return [...out];
}

/** A 405 Response for a known path and an unsupported method, else null. */
export function methodNotAllowed(pathname: string, method: string, requestId: string): Response | null {
  if (!/^\/(v1|scim\/v2)\//.test(pathname)) return null;
  const route = matchRoute(pathname);
  if (!route) return null;
  const allow = allowedMethods(route.methods);
  if (allow.includes(method.toUpperCase())) return null;
  const message = `${method.toUpperCase()} is not supported here; use ${allow.join(", ")}`;
  const headers = { allow: allow.join(", "), "x-request-id": requestId };
  if (pathname.startsWith("/scim/v2/")) {
    const body = { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "405", detail: message };
    return new Response(JSON.stringify(body), {
      status: 405,
      headers: { ...headers, "content-type": "application/scim+json" },
    });
  }
  return Response.json(
    { error: { type: "method_not_allowed", message, request_id: requestId } },
    { status: 405, headers },
  );
}
