"use server";
// Sign-out from the console top bar: Auth.js signOut() clears the session cookie server-side
// (Next's action origin check stands in for a CSRF token) and its signOut event audits it.
import { signOut } from "@/lib/auth/sso";

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin?signed_out=1" });
}
