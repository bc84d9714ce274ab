// The signed-in actor of a governance page, or the page's "no access" answer.
import "server-only";
import { redirect } from "next/navigation";
import type { Actor } from "@/lib/auth/actor";
import { getConsoleActor } from "@/lib/auth/console";
import type { Permission } from "@/lib/rbac/permissions";

export async function pageActor(permission: Permission): Promise<{ actor: Actor; allowed: boolean }> {
  const actor = await getConsoleActor();
  if (!actor) redirect("/signin");
  return { actor, allowed: actor.permissions.has(permission) };
}
