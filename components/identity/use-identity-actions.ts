"use client";
// Settings -> Identity's operations, through the typed /v1 client (ADR 0042), answered in the
// { ok, data | error } shape its forms handle, with the line each form shows after a success; a
// success re-renders the page's server data. A provider change held for a second admin's approval
// answers as a failure that says so (asResult); repeating it once approved applies it.
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { api, asResult, resultCalls, type ApiClient, type RequestBody } from "@/lib/api/client";
import type { ActionResult } from "@/lib/http/action-result";
import type { IdentityActions } from "./actions";

type Created = RequestBody<"/v1/identity/providers", "post">;
type Changed = RequestBody<"/v1/identity/providers/{id}", "patch">;

/** The operations over a /v1 client (the console's, or a test's), with what to do after a success. */
export function identityActions(client: ApiClient, onSuccess: () => void): IdentityActions {
  const result = resultCalls(onSuccess);
  const saying =
    (message: string) =>
    async (out: Promise<ActionResult<unknown>>): Promise<ActionResult<{ message: string }>> => {
      const r = await out;
      return r.ok ? { ok: true, data: { message } } : r;
    };
  const path = (id: string) => ({ params: { path: { id } } });
  return {
    // The form's fields as the forms collect them; the server's schema checks them.
    saveProvider: ({ id, ...fields }) =>
      typeof id === "string"
        ? saying("Identity provider saved")(
            result(client.PATCH("/v1/identity/providers/{id}", { ...path(id), body: fields as Changed })),
          )
        : saying("Identity provider added")(result(client.POST("/v1/identity/providers", { body: fields as Created }))),
    deleteProvider: ({ id }) =>
      saying("Identity provider removed")(result(client.DELETE("/v1/identity/providers/{id}", path(id)))),
    testConnection: ({ id }) => asResult(client.POST("/v1/identity/providers/{id}/test", path(id))),
    setMfaRequired: ({ required }) =>
      saying(required ? "MFA is now required at sign-in" : "MFA is no longer required")(
        result(client.PATCH("/v1/auth/mfa-policy", { body: { require_mfa: required } })),
      ),
  };
}

export function useIdentityActions(): IdentityActions {
  const router = useRouter();
  return useMemo(() => identityActions(api, () => router.refresh()), [router]);
}
