"use client";
// The governance consoles' writes, through the typed /v1 client (ADR 0042), answered in the
// { ok, data | error } shape their sheets handle; a success re-renders the consoles' server data.
// A user change held for a second admin's approval answers as a failure that says so (asResult).
// The owner details and the owner search have no /v1 route: their server actions come from the
// pages (ADR 0042, rule 2).
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { api, asResult, resultCalls, type ApiClient, type RequestBody } from "@/lib/api/client";
import type { ActionResult } from "@/lib/http/action-result";

type OwnerType = "customer" | "team" | "user" | "virtual_key";

/** The limits sheet's answer before any request when no owner was picked: the picker shows why. */
const NO_OWNER: ActionResult<never> = {
  ok: false,
  error: {
    type: "invalid_request",
    message: "Invalid request",
    request_id: "",
    issues: [{ path: "owner_id", message: "Choose an owner" }],
  },
};

/** The operations over a /v1 client (the console's, or a test's), with what to do after a success. */
export function governanceActions(client: ApiClient, onSuccess: () => void) {
  const result = resultCalls(onSuccess);
  const path = (id: string) => ({ params: { path: { id } } });
  const owner = (owner_type: OwnerType, owner_id: string) => ({ params: { path: { owner_type, owner_id } } });
  // A delete answers 204: the sheets are told what went.
  const gone =
    <K extends string>(id: string, key: K) =>
    async (out: Promise<ActionResult<unknown>>): Promise<ActionResult<{ id: string } & Record<K, true>>> => {
      const r = await out;
      return r.ok ? { ok: true, data: { id, [key]: true } as { id: string } & Record<K, true> } : r;
    };
  return {
    createCustomer: (body: RequestBody<"/v1/customers", "post">) => result(client.POST("/v1/customers", { body })),
    updateCustomer: ({ id, ...body }: { id: string } & RequestBody<"/v1/customers/{id}", "patch">) =>
      result(client.PATCH("/v1/customers/{id}", { ...path(id), body })),
    deleteCustomer: ({ id }: { id: string }) =>
      gone(id, "deleted")(result(client.DELETE("/v1/customers/{id}", path(id)))),
    createTeam: (body: RequestBody<"/v1/teams", "post">) => result(client.POST("/v1/teams", { body })),
    updateTeam: ({ id, ...body }: { id: string } & RequestBody<"/v1/teams/{id}", "patch">) =>
      result(client.PATCH("/v1/teams/{id}", { ...path(id), body })),
    deleteTeam: ({ id }: { id: string }) => gone(id, "deleted")(result(client.DELETE("/v1/teams/{id}", path(id)))),
    createUser: (body: RequestBody<"/v1/users", "post">) => result(client.POST("/v1/users", { body })),
    updateUser: ({ id, ...body }: { id: string } & RequestBody<"/v1/users/{id}", "patch">) =>
      result(client.PATCH("/v1/users/{id}", { ...path(id), body })),
    createVirtualKey: (body: RequestBody<"/v1/virtual-keys", "post">) =>
      result(client.POST("/v1/virtual-keys", { body })),
    updateVirtualKey: ({ id, ...body }: { id: string } & RequestBody<"/v1/virtual-keys/{id}", "patch">) =>
      result(client.PATCH("/v1/virtual-keys/{id}", { ...path(id), body })),
    rotateVirtualKey: ({ id, ...body }: { id: string } & RequestBody<"/v1/virtual-keys/{id}/rotate", "post">) =>
      result(client.POST("/v1/virtual-keys/{id}/rotate", { ...path(id), body })),
    revokeVirtualKey: ({ id }: { id: string }) =>
      gone(id, "revoked")(result(client.DELETE("/v1/virtual-keys/{id}", path(id)))),
    createProvider: (body: RequestBody<"/v1/providers", "post">) => result(client.POST("/v1/providers", { body })),
    updateProvider: ({ id, ...body }: { id: string } & RequestBody<"/v1/providers/{id}", "patch">) =>
      result(client.PATCH("/v1/providers/{id}", { ...path(id), body })),
    deleteProvider: ({ id }: { id: string }) =>
      gone(id, "deleted")(result(client.DELETE("/v1/providers/{id}", path(id)))),
    /** A read for the limits sheet: nothing changed, so nothing re-renders. */
    ownerLimits: ({ type, id }: { type: OwnerType; id: string }) =>
      asResult(client.GET("/v1/limits/{owner_type}/{owner_id}", owner(type, id))),
    setLimits: ({
      owner_type,
      owner_id,
      ...body
    }: { owner_type: OwnerType; owner_id: string } & RequestBody<"/v1/limits/{owner_type}/{owner_id}", "put">) =>
      owner_id
        ? result(client.PUT("/v1/limits/{owner_type}/{owner_id}", { ...owner(owner_type, owner_id), body }))
        : Promise.resolve(NO_OWNER),
  };
}

export type GovernanceActions = ReturnType<typeof governanceActions>;

export function useGovernanceActions(): GovernanceActions {
  const router = useRouter();
  return useMemo(() => governanceActions(api, () => router.refresh()), [router]);
}
