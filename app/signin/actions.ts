"use server";
// The sign-in page's one action: start single sign-on for an e-mail address. Nobody is signed in
// yet, so it is a publicAction() (declared "public", no tenant transaction: the tenant is found
// through lib/tenancy/system by the e-mail's domain only). Starting is limited per client, never
// per e-mail (lib/auth/sso/throttle.ts). An address whose domain no provider serves ends in the
// same generic failure as any other start that cannot proceed; no tenant is ever named here.
// Every outcome is a redirect, which the wrapper rethrows. OIDC providers start through
// Auth.js; a SAML provider starts Warden's SP-initiated login.
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn } from "@/lib/auth/sso";
import { PLATFORM_PROVIDER_ID, platformProvider } from "@/lib/auth/sso/providers";
import { routeSignIn, SIGN_IN_EMAIL } from "@/lib/auth/sso/routing";
import { throttleSignInStart } from "@/lib/auth/sso/throttle";
import { WardenError } from "@/lib/errors";
import { publicAction } from "@/lib/http/action";
import { clientIp } from "@/lib/http/client-ip";

// Lenient on purpose: a malformed e-mail is answered with a redirect the page explains.
const field = z.string().max(500).default("");

export const continueWithSso = publicAction(
  { input: z.object({ email: field }) },
  async ({ input, headers }): Promise<void> => {
    const email = input.email.trim().toLowerCase();
    if (!SIGN_IN_EMAIL.test(email)) redirect("/signin?error=invalid_email");
    try {
      await throttleSignInStart(clientIp(headers), email);
    } catch (e) {
      if (e instanceof WardenError && e.type === "rate_limited") redirect("/signin?error=rate_limited");
      throw e;
    }
    const route = await routeSignIn(email);
    if (!route) redirect("/signin?error=sso_unavailable");
    if (route.type === "saml") redirect(`/v1/auth/saml/${encodeURIComponent(route.tenantSlug)}/login?purpose=browser`);
    await signIn(route.providerId, { redirectTo: "/" }, { login_hint: email });
  },
);

/**
 * Platform operators (ADR 0032) start at the platform's own IdP (WARDEN_PLATFORM_OIDC_*), never a
 * tenant's; without one configured the start fails like any other that cannot proceed.
 */
export const continueAsOperator = publicAction({ input: z.object({}) }, async ({ headers }): Promise<void> => {
  try {
    await throttleSignInStart(clientIp(headers));
  } catch (e) {
    if (e instanceof WardenError && e.type === "rate_limited") redirect("/signin?error=rate_limited");
    throw e;
  }
  if (!platformProvider()) redirect("/signin?error=sso_unavailable");
  await signIn(PLATFORM_PROVIDER_ID, { redirectTo: "/platform" });
});
