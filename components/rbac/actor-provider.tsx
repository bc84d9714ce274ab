"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";
import type { PublicActor } from "@/lib/auth/actor";
import type { Permission } from "@/lib/rbac/permissions";

interface ActorContextValue {
  actor: PublicActor;
  permissions: ReadonlySet<Permission>;
}

const ActorContext = createContext<ActorContextValue | null>(null);

// The console layout resolves the actor on the server and hands the browser only the public
// subset. Everything here is a UI hint: the server re-checks every request.
export function ActorProvider({ actor, children }: { actor: PublicActor; children: ReactNode }) {
  const value = useMemo(() => ({ actor, permissions: new Set(actor.permissions) }), [actor]);
  return <ActorContext.Provider value={value}>{children}</ActorContext.Provider>;
}

function useActorContext(): ActorContextValue {
  const value = useContext(ActorContext);
  if (!value) throw new Error("useActor must be used inside <ActorProvider> (the console layout)");
  return value;
}

export function useActor(): PublicActor {
  return useActorContext().actor;
}

export function useActorPermissions(): ReadonlySet<Permission> {
  return useActorContext().permissions;
}
