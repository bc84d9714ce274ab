// Console pages ask here who is signed in. Returns null when there is no valid session;
// the (console) layout then redirects to /signin. Session resolution arrives with SSO.
import "server-only";
import type { PublicActor } from "./actor";

export async function getConsoleContext(): Promise<{ actor: PublicActor } | null> {
  return null;
}
