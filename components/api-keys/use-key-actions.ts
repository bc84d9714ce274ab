"use client";
// Settings -> API keys' operations, through the typed /v1 client (ADR 0042), answered in the
// { ok, data | error } shape the table and form handle; a success re-renders the page's server data.
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { api, resultCalls, type ApiClient } from "@/lib/api/client";
import type { KeyActions } from "./types";

/** The operations over a /v1 client (the console's, or a test's), with what to do after a success. */
export function keyActions(client: ApiClient, onSuccess: () => void): KeyActions {
  const result = resultCalls(onSuccess);
  const path = (id: string) => ({ params: { path: { id } } });
  return {
    create: (body) => result(client.POST("/v1/auth/keys", { body })),
    rotate: ({ id, ...body }) => result(client.POST("/v1/auth/keys/{id}/rotate", { ...path(id), body })),
    revoke: ({ id }) => result(client.DELETE("/v1/auth/keys/{id}", path(id))),
  };
}

export function useKeyActions(): KeyActions {
  const router = useRouter();
  return useMemo(() => keyActions(api, () => router.refresh()), [router]);
}
