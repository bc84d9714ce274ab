// The Auth.js instance. Its configuration is resolved per request (lazy initialisation), so
// the provider list always reflects the identity_providers table.
import "server-only";
import NextAuth from "next-auth";
import { buildAuthConfig } from "./config";

export const { handlers, auth, signIn, signOut } = NextAuth(async (req) => {
  let headers = req?.headers;
  if (!headers) {
    try {
      const { headers: nextHeaders } = await import("next/headers");
      headers = new Headers(await nextHeaders());
    } catch {
      headers = undefined; // outside a request (never in practice): the throttle keys on "unknown"
    }
  }
  return buildAuthConfig(headers);
});
