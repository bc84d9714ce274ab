// The Auth.js instance. Its configuration is resolved per request (lazy initialisation), so
// the provider list always reflects the identity_providers table.
import "server-only";
import { Auth, setEnvDefaults } from "@auth/core";
import NextAuth from "next-auth";
import { buildAuthConfig } from "./config";

async function requestHeaders(req: Request | undefined): Promise<Headers | undefined> {
  if (req) return req.headers;
  try {
    const { headers } = await import("next/headers");
    return new Headers(await headers());
  } catch {
    return undefined; // outside a request (never in practice): the throttle keys on "unknown"
  }
}

export const { auth, signIn, signOut } = NextAuth(async (req) => buildAuthConfig(await requestHeaders(req)));

/**
 * The /api/auth/* handler. Next's NextRequest rewrites a 127.0.0.1 host to "localhost" in
 * request.url, so next-auth's own handler would compute callback URLs and cookies for another
 * host than the one the browser (and the IdP's registration) uses. We hand Auth.js a plain
 * Request on AUTH_URL's origin instead; without AUTH_URL the request is used as received.
 */
export async function authRouteHandler(req: Request): Promise<Response> {
  const config = await buildAuthConfig(req.headers);
  config.basePath = "/api/auth";
  config.secret ??= process.env.AUTH_SECRET;
  setEnvDefaults(process.env, config, true);
  const envUrl = process.env.AUTH_URL;
  let request = req;
  if (envUrl) {
    const url = new URL(req.url);
    const target = new URL(url.pathname + url.search, new URL(envUrl).origin);
    const body = req.method === "GET" || req.method === "HEAD" ? undefined : await req.arrayBuffer();
    request = new Request(target, { method: req.method, headers: req.headers, body });
  }
  return Auth(request, config);
}
