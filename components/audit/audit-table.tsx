"use client";

// The entries table: @tanstack/react-table over rows the server already filtered and paged.
// Column visibility is the reader's preference, kept in localStorage.
import { flexRender, getCoreRowModel, useReactTable, type VisibilityState } from "@tanstack/react-table";
import { useEffect, useState } from "react";
import { cn } from "@/components/ui/cn";
import { AUDIT_COLUMNS, DEFAULT_HIDDEN } from "./columns";
import { ColumnChooser } from "./column-chooser";
import type { AuditTableRow } from "./types";

export const COLUMNS_STORAGE_KEY = "warden-audit-columns";

export function AuditTable({ rows, selectedId }: { rows: AuditTableRow[]; selectedId?: string }) {
  const [visibility, setVisibility] = useState<VisibilityState>(DEFAULT_HIDDEN);

  useEffect(() => {
    // Read after mount so the server render and the first client render agree.
    try {
      const saved = window.localStorage.getItem(COLUMNS_STORAGE_KEY);
      if (saved) setVisibility(JSON.parse(saved) as VisibilityState);
    } catch {
      // A corrupt or blocked store just means the default columns.
    }
  }, []);

  // TanStack Table is not React-Compiler-safe; the compiler skips this component, which is fine
  // for one page of rows.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: rows,
    columns: AUDIT_COLUMNS,
    state: { columnVisibility: visibility },
    onColumnVisibilityChange: (updater) => {
      setVisibility((old) => {
        const next = typeof updater === "function" ? updater(old) : updater;
        try {
          window.localStorage.setItem(COLUMNS_STORAGE_KEY, JSON.stringify(next));
        } catch {
          // Not persisting is acceptable; the choice still applies to this page.
        }
        return next;
      });
    },
    getRowId: (r) => r.id,
    getCoreRowModel: getCoreRowModel(),
  });

  return (
    <div>
      <div className="flex items-center justify-between gap-2 border-b border-border px-4 py-2.5">
        <p className="text-sm text-muted" aria-live="polite">
          {rows.length} {rows.length === 1 ? "entry" : "entries"} on this page
        </p>
        <ColumnChooser table={table} />
      </div>
      {/* The table scrolls inside its card on narrow screens instead of widening the page. */}
      <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Audit entries">
        <table className="w-full min-w-[44rem] border-collapse text-left text-sm" data-testid="audit-table">
          <thead className="bg-surface-2 text-xs font-medium text-muted">
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((h) => (
                  <th key={h.id} scope="col" className="px-4 py-2 font-medium whitespace-nowrap">
                    {flexRender(h.column.columnDef.header, h.getContext())}
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr
                key={row.id}
                data-outcome={row.original.outcome}
                aria-current={row.id === selectedId ? "true" : undefined}
                className={cn(
                  "border-t border-border hover:bg-surface-2/60",
                  row.id === selectedId && "bg-accent-soft/60",
                )}
              >
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className="px-4 py-2.5 align-middle text-fg">
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
