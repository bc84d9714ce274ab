"use client";
// The Privacy page's operations, through the typed /v1 client (ADR 0042), answered in the
// { ok, data | error } shape its panels handle; a success re-renders the page's server data.
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { api, asResult } from "@/lib/api/client";
import type { PrivacyActions } from "./types";

export function usePrivacyActions(): PrivacyActions {
  const router = useRouter();
  return useMemo(() => {
    const refresh = async <T extends { ok: boolean }>(call: Promise<T>): Promise<T> => {
      const out = await call;
      if (out.ok) router.refresh();
      return out;
    };
    const path = (id: string) => ({ params: { path: { id } } });
    return {
      createRequest: (body) => refresh(asResult(api.POST("/v1/privacy/requests", { body }))),
      approveRequest: ({ id }) => refresh(asResult(api.POST("/v1/privacy/requests/{id}/approve", path(id)))),
      rejectRequest: ({ id, reason }) =>
        refresh(asResult(api.POST("/v1/privacy/requests/{id}/reject", { ...path(id), body: { reason } }))),
      completeRequest: ({ id }) => refresh(asResult(api.POST("/v1/privacy/requests/{id}/complete", path(id)))),
      recordConsent: (body) =>
        refresh(asResult(api.POST("/v1/privacy/consents", { body: { ...body, source: "console" } }))),
      saveRetention: (body) => refresh(asResult(api.PUT("/v1/privacy/retention", { body }))),
      runRetention: (body) => refresh(asResult(api.POST("/v1/privacy/retention/run", { body }))),
      savePolicy: (body) => refresh(asResult(api.PUT("/v1/privacy/policies", { body }))),
      deletePolicy: ({ id }) => refresh(asResult(api.DELETE("/v1/privacy/policies/{id}", path(id)))),
    };
  }, [router]);
}
