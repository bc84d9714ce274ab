// Timestamps render in UTC on the server and in the browser alike, so hydration never
// disagrees and everyone reading a shared link sees the same clock.
const DATE_TIME = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  year: "numeric",
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
});

export function formatUtc(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${DATE_TIME.format(d)} UTC`;
}

export function actorLabel(actor: { ref: string; kind: string; name: string | null; email: string | null }): string {
  return actor.name ?? actor.email ?? (actor.kind === "system" ? "System" : actor.ref);
}

export function targetLabel(target: { type: string; id: string | null } | null): string {
  if (!target) return "—";
  return target.id ? `${target.type} ${target.id}` : target.type;
}

export const OUTCOME_TONE = { success: "success", failure: "danger", denied: "warning" } as const;

export function outcomeTone(outcome: string): "success" | "danger" | "warning" | "neutral" {
  return (OUTCOME_TONE as Record<string, "success" | "danger" | "warning">)[outcome] ?? "neutral";
}
