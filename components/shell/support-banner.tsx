"use client";
// Shown to a platform operator acting in a tenant under support access (ADR 0037): whose tenant,
// which role, until when, and a way back to Platform (clears the support cookie).
import { useRouter } from "next/navigation";
import { useActor } from "@/components/rbac/actor-provider";
import { Button } from "@/components/ui/button";
import { api } from "@/lib/api/client";

export function SupportBanner() {
  const actor = useActor();
  const router = useRouter();
  if (!actor?.support) return null;
  const until = new Date(actor.support.expiresAt).toISOString().slice(0, 16).replace("T", " ") + " UTC";
  const leave = async () => {
    await api.POST("/v1/platform/support-access/leave").catch(() => undefined);
    router.push("/platform");
  };
  return (
    <div
      role="status"
      data-testid="support-banner"
      className="flex flex-wrap items-center justify-between gap-2 border-b border-warning-border bg-warning-soft px-4 py-2 text-sm text-warning-text sm:px-6 lg:px-8"
    >
      <span>
        Support access to <strong>{actor.tenantName ?? actor.tenantSlug}</strong> (
        {actor.support.role === "admin" ? "admin" : "read-only"}) until {until}. Everything you do is recorded in this
        tenant&apos;s audit trail.
      </span>
      <Button size="sm" onClick={() => void leave()}>
        Leave
      </Button>
    </div>
  );
}
