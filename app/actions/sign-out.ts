"use server";
// Sign-out from the console top bar: Auth.js signOut() clears the session cookie server-side
// (Next's action origin check stands in for a CSRF token) and its signOut event audits it.
// signOut() ends in a redirect, which action() rethrows. No tenant transaction: the audit event
// opens its own.
import { z } from "zod";
import { signOut } from "@/lib/auth/sso";
import { action } from "@/lib/http/action";

export const signOutAction = action({ permission: "authenticated", input: z.object({}), tenantTx: false }, async (): Promise<void> => {
  await signOut({ redirectTo: "/signin?signed_out=1" });
});
