"use client";

// "Columns" menu: a checkbox per hideable column. A disclosure, not a menu role, because its
// items are form controls; Escape closes it and returns focus to the button.
import type { Table } from "@tanstack/react-table";
import { useCallback, useId, useRef, useState } from "react";
import { buttonClass } from "@/components/ui/button";
import type { AuditTableRow } from "./types";
import { usePopover } from "./use-popover";

export function ColumnChooser({ table }: { table: Table<AuditTableRow> }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const id = useId();
  const close = useCallback(() => setOpen(false), []);
  usePopover(open, close, button, panel);

  return (
    <div className="relative">
      <button
        ref={button}
        type="button"
        className={buttonClass("secondary", "sm")}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
      >
        Columns
      </button>
      {open && (
        <div
          ref={panel}
          id={id}
          className="absolute right-0 z-20 mt-1 w-48 rounded-md border border-border bg-surface p-2 shadow-lg"
        >
          <fieldset>
            <legend className="px-1 pb-1 text-xs font-medium text-muted">Show columns</legend>
            {table.getAllLeafColumns().map((c) => (
              <label
                key={c.id}
                className="flex items-center gap-2 rounded px-1 py-1 text-sm text-fg hover:bg-surface-2"
              >
                <input
                  type="checkbox"
                  className="accent-accent"
                  checked={c.getIsVisible()}
                  disabled={!c.getCanHide()}
                  onChange={c.getToggleVisibilityHandler()}
                />
                {typeof c.columnDef.header === "string" ? c.columnDef.header : c.id}
              </label>
            ))}
          </fieldset>
        </div>
      )}
    </div>
  );
}
