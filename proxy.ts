// Runs before every page and route: assigns the request id (honouring a sane incoming
// x-request-id) and W3C trace context, passes both on to the app, and returns the id on the
// response, so pages carry x-request-id exactly like /v1 answers do. Authentication is NOT
// done here: pages, actions and handlers all go through the one resolver.
import { NextResponse, type NextRequest } from "next/server";
import { methodNotAllowed } from "@/lib/http/method-guard";
import { requestIds } from "@/lib/http/request-context";

const HANDLER_PATH = /^\/(v1|api|scim)(\/|$)/;

export function proxy(request: NextRequest) {
  const ids = requestIds(request.headers);
  // A known /v1 or /scim/v2 path called with a method its route does not export: 405 with Allow.
  const refused = methodNotAllowed(request.nextUrl.pathname, request.method, ids.requestId);
  if (refused) return refused;
  const headers = new Headers(request.headers);
  headers.set("x-request-id", ids.requestId);
  headers.set("traceparent", ids.traceparent);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("x-request-id", ids.requestId);
  // Route handlers answer with their own span (route() sets traceparent); a proxy value here
  // would override it, so only pages get the proxy's span.
  if (!HANDLER_PATH.test(request.nextUrl.pathname)) res.headers.set("traceparent", ids.traceparent);
  return res;
}

export const config = {
  // Static assets need no ids; everything a person or a client calls gets one.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
