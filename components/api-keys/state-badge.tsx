import { Badge } from "@/components/ui/badge";
import type { KeyState } from "./types";

const LOOK: Record<KeyState, { label: string; tone: "success" | "warning" | "accent" | "danger" | "neutral" }> = {
  active: { label: "Active", tone: "success" },
  expiring: { label: "Expiring soon", tone: "warning" },
  rotating: { label: "Rotating", tone: "accent" },
  rotated: { label: "Rotated out", tone: "neutral" },
  revoked: { label: "Revoked", tone: "danger" },
  expired: { label: "Expired", tone: "neutral" },
};

export function KeyStateBadge({ state }: { state: KeyState }) {
  return <Badge tone={LOOK[state].tone}>{LOOK[state].label}</Badge>;
}
