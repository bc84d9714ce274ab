// OIDC RP-initiated logout (ADR 0034): where the browser goes after Warden has ended its session.
// For an OIDC session whose IdP publishes an end_session_endpoint (discovery, through the outbound
// guard), the IdP's end-session URL with the session's ID token as id_token_hint, Warden's
// /signin as post_logout_redirect_uri (to be registered with the IdP's client) and a random state;
// otherwise (SAML, an IdP without the endpoint, one that cannot be reached) null: local sign-out only.
import "server-only";
import { randomBytes } from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import { discover } from "@/lib/auth/oidc/discovery";
import { openSecret } from "@/lib/crypto/secret-box";
import { urlProblem } from "@/lib/net/outbound";
import { log } from "@/lib/observability/log";
import { POST_LOGOUT_PATH } from "@/lib/auth/session-views";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { idpClientFor } from "./idp-refresh";

export { POST_LOGOUT_PATH };

export function postLogoutRedirectUri(env: NodeJS.ProcessEnv = process.env): string | null {
  const base = env.AUTH_URL?.replace(/\/$/, "");
  return base ? `${base}${POST_LOGOUT_PATH}` : null;
}

/** The IdP's end-session URL for this session, read before the session is ended; null for a local sign-out. */
export async function idpEndSessionUrl(actor: Actor): Promise<string | null> {
  if (!actor.sessionId || !actor.tenantId) return null;
  const back = postLogoutRedirectUri();
  if (!back) return null;
  const found = await withTenant(actor.tenantId, async (tx) => {
    const s = await tx.consoleSession.findFirst({
      where: { id: actor.sessionId, userId: actor.userId, endedAt: null },
      select: { method: true, providerId: true, idpIdTokenSealed: true },
    });
    if (!s || s.method !== "oidc" || !s.idpIdTokenSealed) return null;
    const client = await idpClientFor(tx, s.providerId);
    return client ? { client, idToken: openSecret(s.idpIdTokenSealed) } : null;
  });
  if (!found) return null;
  try {
    const endpoint = (await discover(found.client.issuer)).end_session_endpoint;
    if (!endpoint || urlProblem(endpoint, { kind: "browser" })) return null;
    const url = new URL(endpoint);
    url.searchParams.set("id_token_hint", found.idToken);
    url.searchParams.set("client_id", found.client.clientId);
    url.searchParams.set("post_logout_redirect_uri", back);
    url.searchParams.set("state", randomBytes(16).toString("base64url"));
    return url.toString();
  } catch (e) {
    log.warn(
      { component: "idp-logout", reason: (e as Error).message },
      "sign-out: the identity provider's end-session endpoint is not known; signing out of Warden only",
    );
    return null;
  }
}
