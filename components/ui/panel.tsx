import type { ReactNode } from "react";
import { Card } from "./card";
import { cn } from "./cn";

/**
 * A titled part of a console page (the page-section scale: text-base title, text-sm description): a
 * heading, an optional description and an optional action on the right. With an id it is a landmark (aria-labelledby) and an anchor target.
 */
export function Panel({
  id,
  title,
  description,
  action,
  className = "mb-8",
  children,
}: {
  id?: string;
  title: string;
  description?: ReactNode;
  action?: ReactNode;
  /** Spacing around the section (default mb-8; "" inside a parent that sets its own gap). */
  className?: string;
  children: ReactNode;
}) {
  const titleId = id ? `${id}-title` : undefined;
  return (
    <section id={id} aria-labelledby={titleId} className={cn("scroll-mt-4", className)}>
      <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h2 id={titleId} className="text-base font-semibold text-fg">
            {title}
          </h2>
          {description && <p className="max-w-prose text-sm text-muted">{description}</p>}
        </div>
        {action}
      </div>
      {children}
    </section>
  );
}

/**
 * A titled card: the same heading as Panel in a bordered header, the content below it (edge to edge
 * for tables and lists; `padded` for forms and text).
 */
export function CardPanel({
  title,
  description,
  action,
  padded = false,
  className,
  children,
  ...rest
}: {
  title: string;
  description?: ReactNode;
  action?: ReactNode;
  padded?: boolean;
  className?: string;
  children: ReactNode;
  "data-testid"?: string;
}) {
  return (
    <Card className={cn("overflow-hidden", className)} {...rest}>
      <div className="flex flex-col gap-2 border-b border-border px-4 py-3 sm:flex-row sm:items-start sm:justify-between sm:px-5">
        <div>
          <h2 className="text-sm font-semibold text-fg">{title}</h2>
          {description && <p className="mt-0.5 text-xs text-muted">{description}</p>}
        </div>
        {action}
      </div>
      {padded ? <div className="p-4 sm:p-5">{children}</div> : children}
    </Card>
  );
}
