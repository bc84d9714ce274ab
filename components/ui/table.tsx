// One plain table of server rows: a card that scrolls sideways on a narrow screen, labelled column
// headers (an action column's label is for screen readers only), the rows, and one row that says
// the list is empty. Sorting, paging and search live in the governance EntityTable, not here.
import type { ReactNode } from "react";
import { Card } from "./card";
import { cn } from "./cn";

/** A header's text; `hidden` keeps it for screen readers only (a column of buttons). */
export type TableColumn = string | { label: string; hidden?: boolean; className?: string };

const PAD = {
  // Panels inside a page section (monitoring, SCIM log, role assignments).
  compact: { head: "px-3 py-2", empty: "px-3 py-4" },
  // A page's main list (API keys, privacy requests).
  roomy: { head: "px-4 py-2.5", empty: "px-4 py-8 text-center" },
} as const;

export function DataTable({
  columns,
  minWidth,
  count,
  empty,
  density = "compact",
  className,
  label,
  children,
}: {
  columns: TableColumn[];
  /** A Tailwind min-width class (written out by the caller, so the class is generated). */
  minWidth: string;
  /** How many rows `children` holds: 0 shows `empty` instead. */
  count: number;
  empty?: ReactNode;
  density?: keyof typeof PAD;
  /** Extra classes of the card (e.g. "hidden md:block" beside a phone layout). */
  className?: string;
  label?: string;
  children: ReactNode;
}) {
  const pad = PAD[density];
  return (
    <Card className={cn("relative overflow-x-auto", className)}>
      <table className={cn("w-full text-left text-sm", minWidth)} aria-label={label}>
        <thead className="border-b border-border text-xs text-muted">
          <tr>
            {columns.map((c) => {
              const col = typeof c === "string" ? { label: c } : c;
              return (
                <th key={col.label} scope="col" className={cn(pad.head, "font-medium", col.className)}>
                  {col.hidden ? <span className="sr-only">{col.label}</span> : col.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {count === 0 && empty ? (
            <tr>
              <td colSpan={columns.length} className={cn(pad.empty, "text-muted")}>
                {empty}
              </td>
            </tr>
          ) : (
            children
          )}
        </tbody>
      </table>
    </Card>
  );
}
