"use client";
// Settings -> Roles & permissions' operations, through the typed /v1 client (ADR 0042), answered in
// the { ok, data | error } shape its panels handle (they re-render the page themselves). A change
// held for a second admin's approval answers as a failure that says so (asResult).
import { useMemo } from "react";
import { api, asResult, type ApiClient } from "@/lib/api/client";
import type { RolesActions } from "./roles-types";

/** The operations over a /v1 client (the console's, or a test's). */
export function rolesActions(client: ApiClient): RolesActions {
  const path = (id: string) => ({ params: { path: { id } } });
  return {
    createRole: (body) => asResult(client.POST("/v1/roles", { body })),
    updateRole: ({ id, ...body }) => asResult(client.PATCH("/v1/roles/{id}", { ...path(id), body })),
    deleteRole: ({ id }) => asResult(client.DELETE("/v1/roles/{id}", path(id))),
    assignUserRole: ({ user_id, ...body }) => asResult(client.PATCH("/v1/users/{id}", { ...path(user_id), body })),
  };
}

export function useRolesActions(): RolesActions {
  return useMemo(() => rolesActions(api), []);
}
