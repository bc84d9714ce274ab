import type { ReactNode } from "react";
import { Icon, type IconName } from "@/components/ui/icons";
import { Badge } from "@/components/ui/badge";

interface EmptyStateProps {
  icon: IconName;
  title: string;
  /** Short status shown beside the title, e.g. "Not available yet". */
  status?: string;
  children?: ReactNode;
}

// Used for pages and sections that have nothing real to show: states that plainly, never fakes data.
export function EmptyState({ icon, title, status, children }: EmptyStateProps) {
  return (
    <section className="rounded-lg border border-dashed border-border-strong bg-surface px-5 py-8 sm:px-8 sm:py-10">
      <div className="flex size-10 items-center justify-center rounded-lg bg-accent-soft text-accent-text">
        <Icon name={icon} className="size-5" />
      </div>
      <div className="mt-4 flex flex-wrap items-center gap-2">
        <h2 className="text-base font-semibold text-fg">{title}</h2>
        {status && <Badge tone="warning">{status}</Badge>}
      </div>
      {children && <div className="mt-2 max-w-2xl space-y-3 text-sm leading-6 text-muted">{children}</div>}
    </section>
  );
}
