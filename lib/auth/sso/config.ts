// The Auth.js configuration, rebuilt for every auth request from the enabled identity-provider
// rows, so IdP changes in Settings -> Identity take effect without a restart. The session is a
// JWT carrying only the user id, tenant id, a session id and the sign-in time; everything else
// (active, role, name) is re-read from the tenant on every request by lib/auth/methods/session.ts.
import "server-only";
import type { NextAuthConfig } from "next-auth";
import { WardenError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { enabledIdentityProviders, tenantBySlug } from "@/lib/tenancy/system";
import { log } from "@/lib/observability/log";
import { endSignedOutSession } from "@/lib/auth/sessions/records";
import { completePlatformSignIn } from "@/lib/platform/operators";
import {
  bootstrapProviders,
  PLATFORM_PROVIDER_ID,
  platformProvider,
  providerFromRow,
  type SsoProviderEntry,
} from "./providers";
import { newSessionClaims, operatorSessionClaims, SESSION_MAX_AGE_SECONDS } from "./session-cookie";
import { completeSsoSignIn, PUBLIC_REASON } from "./sign-in";
import { assertSignInAllowed, recordSignInFailure } from "./throttle";

async function providerEntries(): Promise<SsoProviderEntry[]> {
  const rows = await enabledIdentityProviders();
  const fromRows = rows.flatMap((row) => {
    const provider = providerFromRow(row);
    return provider ? [{ provider, ref: { id: row.id, tenantId: row.tenantId, tenantSlug: row.tenantSlug } }] : [];
  });
  const slug = process.env.WARDEN_BOOTSTRAP_TENANT;
  const bootstrap = slug ? bootstrapProviders(process.env, await tenantBySlug(slug)) : [];
  return [...fromRows, ...bootstrap];
}

export async function buildAuthConfig(requestHeaders: Headers | undefined): Promise<NextAuthConfig> {
  const entries = await providerEntries();
  const refs = new Map(entries.map((e) => [e.ref.id, e.ref]));
  const platform = platformProvider();
  const ip = requestHeaders ? clientIp(requestHeaders) : "unknown";
  const requestId = requestHeaders?.get("x-request-id") ?? undefined;
  const userAgent = requestHeaders?.get("user-agent") ?? null;
  const providerNames = new Map(entries.map((e) => [e.ref.id, (e.provider as { name?: string }).name ?? null]));

  return {
    providers: [...entries.map((e) => e.provider), ...(platform ? [platform] : [])],
    secret: process.env.AUTH_SECRET,
    trustHost: process.env.AUTH_TRUST_HOST === "true" || Boolean(process.env.AUTH_URL),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    // Auth.js's own messages go through Warden's logger (scrubbed: an error can quote a profile's address).
    logger: {
      error: (error) => log.error({ component: "authjs", err: error }, "Auth.js error"),
      warn: (code) => log.warn({ component: "authjs", code }, "Auth.js warning"),
      debug: () => {},
    },
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider === PLATFORM_PROVIDER_ID && platform) {
          // A platform operator (ADR 0032): a separate path of its own, no tenant involved.
          if (!profile) return "/signin?error=AccessDenied";
          const email = typeof profile.email === "string" ? profile.email : undefined;
          try {
            await assertSignInAllowed(ip, email);
          } catch (e) {
            if (e instanceof WardenError && e.type === "rate_limited") return "/signin?error=rate_limited";
            throw e;
          }
          const op = await completePlatformSignIn(profile as Record<string, unknown>);
          if (!op.ok) {
            await recordSignInFailure(ip, email);
            return `/signin?error=${op.reason}`;
          }
          Object.assign(user, { id: op.operatorId, operator: true, mfa: op.mfa });
          return true;
        }
        const ref = account ? refs.get(account.provider) : undefined;
        if (!ref || !profile) return "/signin?error=AccessDenied";
        const email = typeof profile.email === "string" ? profile.email : undefined;
        try {
          // Only failures lock: this client's, or this e-mail's from this client.
          await assertSignInAllowed(ip, email);
        } catch (e) {
          if (e instanceof WardenError && e.type === "rate_limited") return "/signin?error=rate_limited";
          throw e;
        }
        const result = await completeSsoSignIn({
          provider: ref,
          claims: profile as Record<string, unknown>,
          ip,
          requestId,
        });
        if (!result.ok) {
          await recordSignInFailure(ip, email);
          return `/signin?error=${PUBLIC_REASON[result.reason]}`;
        }
        // Auth.js hands this same object to the jwt callback below.
        Object.assign(user, { id: result.userId, tenantId: result.tenantId, mfa: result.mfa, providerId: ref.id });
        return true;
      },
      async jwt({ token, user, account }) {
        if (!user) return token;
        const u = user as { id: string; tenantId: string; mfa: boolean; providerId: string; operator?: boolean };
        if (u.operator) return { ...operatorSessionClaims(u.id, u.mfa) };
        // A fresh, minimal token: no name, e-mail or picture travels in the cookie. Its sid names
        // the session record started here (ADR 0031), which keeps the IdP's refresh and ID tokens
        // sealed for the session refresh and RP-initiated logout (ADR 0034).
        const idpTokens = { refreshToken: account?.refresh_token ?? null, idToken: account?.id_token ?? null };
        const origin = {
          method: "oidc" as const,
          providerId: u.providerId,
          providerName: providerNames.get(u.providerId) ?? null,
          ip,
          userAgent,
          requestId,
          idpTokens,
        };
        return { ...(await newSessionClaims(u.id, u.tenantId, u.mfa, origin)) };
      },
      async session({ session, token }) {
        return { ...session, user: { id: String(token.uid ?? "") } } as typeof session;
      },
    },
    events: {
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        if (!token?.uid || typeof token.tenantId !== "string") return;
        const uid = String(token.uid);
        // Ends the session record (audited as auth.logout); a cookie without a live record had
        // already stopped working, and there is nothing left to end.
        if (typeof token.sid === "string") await endSignedOutSession(token.tenantId, token.sid, uid, { ip, requestId });
      },
    },
  };
}
