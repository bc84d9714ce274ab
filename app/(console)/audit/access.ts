// What else a signed-in Audit or Reports viewer may do (export, verify, create), checked with
// authorize() on the server (the browser's useCan is only a hint). The page itself is declared
// with page(); a missing permission here is a state to show, not a 500.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { WardenError } from "@/lib/errors";
import { authorize } from "@/lib/rbac/authorize";
import type { Permission } from "@/lib/rbac/permissions";

export function holds(actor: Actor, permission: Permission): boolean {
  try {
    authorize(actor, permission);
    return true;
  } catch (e) {
    if (e instanceof WardenError && e.type === "user_not_authorized") return false;
    throw e;
  }
}
