import type { ReactNode } from "react";

/**
 * A titled part of a console page: a heading, an optional description and an optional action on the
 * right. With an id it is a landmark (aria-labelledby) and an anchor target.
 */
export function Panel({
  id,
  title,
  description,
  action,
  children,
}: {
  id?: string;
  title: string;
  description?: string;
  action?: ReactNode;
  children: ReactNode;
}) {
  const titleId = id ? `${id}-title` : undefined;
  return (
    <section id={id} aria-labelledby={titleId} className="mb-8 scroll-mt-4">
      <div className="mb-2 flex flex-wrap items-end justify-between gap-2">
        <div>
          <h2 id={titleId} className="text-sm font-semibold text-fg">
            {title}
          </h2>
          {description && <p className="text-xs text-muted">{description}</p>}
        </div>
        {action}
      </div>
      {children}
    </section>
  );
}
