"use client";

import type { ReactNode } from "react";
import type { Permission } from "@/lib/rbac/permissions";
import { useActorPermissions } from "@/components/rbac/actor-provider";

/** Whether the signed-in actor holds the permission. A UI hint only; the server decides. */
export function useCan(permission: Permission): boolean {
  return useActorPermissions().has(permission);
}

interface CanProps {
  permission: Permission;
  children: ReactNode;
  /** Rendered instead of children when the permission is missing; nothing by default. */
  fallback?: ReactNode;
}

export function Can({ permission, children, fallback = null }: CanProps) {
  return <>{useCan(permission) ? children : fallback}</>;
}
