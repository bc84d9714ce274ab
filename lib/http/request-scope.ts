// The request a page or server action is serving, as headers. In Next this is next/headers
// (with cookies() folded in, so a cookie set earlier in the same request is seen too). Code
// that runs a page or action outside Next (a test, a script) enters a scope with the request's
// real headers; the Actor is still built by the one resolver from the credentials in them.
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { cookies, headers } from "next/headers";

const scope = new AsyncLocalStorage<Headers>();

/** Runs fn as if serving a request with these headers (Cookie, x-request-id, ...). */
export function inRequestScope<T>(requestHeaders: Headers, fn: () => Promise<T>): Promise<T> {
  return scope.run(requestHeaders, fn);
}

export async function requestHeaders(): Promise<Headers> {
  const given = scope.getStore();
  if (given) return given;
  const h = new Headers(await headers());
  if (!h.get("cookie")) {
    const all = (await cookies()).getAll();
    if (all.length) h.set("cookie", all.map((c) => `${c.name}=${c.value}`).join("; "));
  }
  return h;
}
