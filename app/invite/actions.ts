"use server";
// /invite's one action: accept a first-admin invitation (ADR 0038, lib/platform/invitations.ts).
// Nobody is signed in yet, so it is a publicAction(); it is limited per client by the sign-in
// throttle, and a refused token counts as a sign-in failure there. Every outcome is a redirect:
// back to /invite with the reason, or on to the tenant's single sign-on with the address as hint.
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn } from "@/lib/auth/sso";
import { recordSignInFailure, throttleSignInStart } from "@/lib/auth/sso/throttle";
import { WardenError } from "@/lib/errors";
import { publicAction } from "@/lib/http/action";
import { clientIp } from "@/lib/http/client-ip";
import { acceptInvitation } from "@/lib/platform/invitations";

export const acceptInvitationAction = publicAction(
  { input: z.object({ token: z.string().max(600).default("") }) },
  async ({ input, headers }): Promise<void> => {
    const ip = clientIp(headers);
    try {
      await throttleSignInStart(ip);
    } catch (e) {
      if (e instanceof WardenError && e.type === "rate_limited") redirect("/invite?error=rate_limited");
      throw e;
    }
    const out = await acceptInvitation(input.token, { ip });
    if (!out.ok) {
      if (out.reason === "invalid") await recordSignInFailure(ip);
      redirect(`/invite?error=${out.reason}`);
    }
    if (out.signIn.type === "none") redirect("/invite?accepted=no_idp");
    if (out.signIn.type === "saml")
      redirect(`/v1/auth/saml/${encodeURIComponent(out.tenantSlug)}/login?purpose=browser`);
    await signIn(out.signIn.providerId, { redirectTo: "/" }, { login_hint: out.email });
  },
);
