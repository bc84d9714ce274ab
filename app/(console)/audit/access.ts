// Who may use the Audit page. The console hands pages a PublicActor (permissions as a list);
// every decision here is made on the server, the browser's useCan is only a hint.
import "server-only";
import { getConsoleContext } from "@/lib/auth/console";
import type { PublicActor } from "@/lib/auth/actor";
import type { Permission } from "@/lib/rbac/permissions";

export async function auditViewer(): Promise<PublicActor | null> {
  return (await getConsoleContext())?.actor ?? null;
}

export function holds(actor: PublicActor, permission: Permission): boolean {
  return actor.permissions.includes(permission);
}
