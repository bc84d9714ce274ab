"use client";
// Shown in a break-glass session (ADR 0039): the emergency sign-in is on the record, alerted and
// ends soon.
import { useActor } from "@/components/rbac/actor-provider";

export function BreakGlassBanner() {
  const actor = useActor();
  if (!actor?.breakGlass) return null;
  const until = new Date(actor.breakGlass.endsAt).toISOString().slice(11, 16) + " UTC";
  return (
    <div
      role="status"
      data-testid="break-glass-banner"
      className="border-b border-danger-border bg-danger-soft px-4 py-2 text-sm text-danger-text sm:px-6 lg:px-8"
    >
      <strong>Break-glass session.</strong> You signed in with two admins&apos; one-time codes; your security team has
      been alerted and everything you do is audited. The session ends at{" "}
      <span className="whitespace-nowrap">{until}</span>.
    </div>
  );
}
