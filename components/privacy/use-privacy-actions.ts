"use client";
// The Privacy page's operations, through the typed /v1 client (ADR 0042), answered in the
// { ok, data | error } shape its panels handle; a success re-renders the page's server data.
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { api, resultCalls } from "@/lib/api/client";
import type { PrivacyActions } from "./types";

export function usePrivacyActions(): PrivacyActions {
  const router = useRouter();
  return useMemo(() => {
    const refresh = resultCalls(() => router.refresh());
    const path = (id: string) => ({ params: { path: { id } } });
    return {
      createRequest: (body) => refresh(api.POST("/v1/privacy/requests", { body })),
      approveRequest: ({ id }) => refresh(api.POST("/v1/privacy/requests/{id}/approve", path(id))),
      rejectRequest: ({ id, reason }) =>
        refresh(api.POST("/v1/privacy/requests/{id}/reject", { ...path(id), body: { reason } })),
      completeRequest: ({ id }) => refresh(api.POST("/v1/privacy/requests/{id}/complete", path(id))),
      recordConsent: (body) => refresh(api.POST("/v1/privacy/consents", { body: { ...body, source: "console" } })),
      saveRetention: (body) => refresh(api.PUT("/v1/privacy/retention", { body })),
      runRetention: (body) => refresh(api.POST("/v1/privacy/retention/run", { body })),
      savePolicy: (body) => refresh(api.PUT("/v1/privacy/policies", { body })),
      deletePolicy: ({ id }) => refresh(api.DELETE("/v1/privacy/policies/{id}", path(id))),
    };
  }, [router]);
}
