// Presentational pieces of the compliance dashboard (server-rendered, plain props).
import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";

type Tone = "neutral" | "accent" | "warning" | "danger" | "success";
export interface EvidenceLink {
  label: string;
  href: string;
}

export function Stat({ label, value, note, href }: { label: string; value: ReactNode; note?: string; href?: string }) {
  const body = (
    <>
      <p className="text-xs font-medium text-muted">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums text-fg">{value}</p>
      {note && <p className="mt-1 text-xs text-muted">{note}</p>}
    </>
  );
  return (
    <Card className="p-4">
      {href ? (
        <Link href={href} className="block hover:opacity-80">
          {body}
        </Link>
      ) : (
        body
      )}
    </Card>
  );
}

const FW_TONE: Record<string, Tone> = { compliant: "success", in_progress: "warning", not_applicable: "neutral" };
const FW_LABEL: Record<string, string> = {
  compliant: "All controls passing",
  in_progress: "In progress",
  not_applicable: "Not applicable",
};

export function FrameworkCard(props: {
  name: string;
  status: string;
  passing: number;
  total: number;
  controls: { id: string; status: string }[];
}) {
  return (
    <Card className="p-4">
      <div className="flex items-start justify-between gap-2">
        <h3 className="text-sm font-semibold text-fg">{props.name}</h3>
        <Badge tone={FW_TONE[props.status]}>{FW_LABEL[props.status]}</Badge>
      </div>
      <p className="mt-2 text-sm text-fg">
        <span className="text-lg font-semibold tabular-nums">{props.passing}</span> of {props.total} controls passing
      </p>
      <ul className="mt-2 flex flex-wrap gap-1">
        {props.controls.map((c) => (
          <li key={c.id}>
            <Badge tone={c.status === "pass" ? "success" : c.status === "fail" ? "danger" : "neutral"}>{c.id}</Badge>
          </li>
        ))}
      </ul>
    </Card>
  );
}

export function Evidence({ items }: { items: EvidenceLink[] }) {
  return (
    <ul className="mt-1 space-y-0.5">
      {items.map((e) => (
        <li key={e.href + e.label}>
          <Link href={e.href} className="text-xs text-accent-text underline-offset-2 hover:underline">
            {e.label} →
          </Link>
        </li>
      ))}
    </ul>
  );
}

export const LEVEL_TONE: Record<string, Tone> = { high: "danger", medium: "warning", low: "neutral" };
