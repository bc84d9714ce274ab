import { Badge } from "@/components/ui/badge";

const TONE = { active: "success", rotating: "warning", expired: "neutral", revoked: "danger" } as const;

export function KeyStatusBadge({ status }: { status: keyof typeof TONE }) {
  return <Badge tone={TONE[status]}>{status}</Badge>;
}
