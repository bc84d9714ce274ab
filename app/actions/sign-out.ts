"use server";
// Sign-out from the console top bar: Auth.js signOut() clears the session cookie server-side
// (Next's action origin check stands in for a CSRF token) and its signOut event ends the session
// record, audited. For an OIDC session whose IdP publishes an end_session_endpoint, the browser then
// goes there (RP-initiated logout, ADR 0034) and the IdP sends it back to /signin; otherwise
// straight to /signin. The end-session URL is read before the record ends (it needs the sealed
// ID token). The redirect is rethrown by action(). No tenant transaction: each step opens its own.
import { redirect } from "next/navigation";
import { z } from "zod";
import { signOut } from "@/lib/auth/sso";
import { idpEndSessionUrl, POST_LOGOUT_PATH } from "@/lib/auth/sessions/idp-logout";
import { action } from "@/lib/http/action";

export const signOutAction = action(
  { permission: "authenticated", input: z.object({}), tenantTx: false },
  async ({ actor }): Promise<void> => {
    const atIdp = await idpEndSessionUrl(actor);
    if (!atIdp) {
      await signOut({ redirectTo: POST_LOGOUT_PATH });
      return;
    }
    await signOut({ redirect: false });
    redirect(atIdp);
  },
);
