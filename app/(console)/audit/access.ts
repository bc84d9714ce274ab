// Who may use the Audit page: the full console Actor, checked with authorize() on the server
// (the browser's useCan is only a hint). A missing permission is a state to show, not a 500.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { getConsoleActor } from "@/lib/auth/console";
import { WardenError } from "@/lib/errors";
import { authorize } from "@/lib/rbac/authorize";
import type { Permission } from "@/lib/rbac/permissions";

export async function auditViewer(): Promise<Actor | null> {
  return getConsoleActor();
}

export function holds(actor: Actor, permission: Permission): boolean {
  try {
    authorize(actor, permission);
    return true;
  } catch (e) {
    if (e instanceof WardenError && e.type === "user_not_authorized") return false;
    throw e;
  }
}
