"use client";

// Export the current filtered view as a signed file. Plain links: the browser downloads the
// stream, and the export route checks audit.export and audits the export itself. Shown only to
// those who hold audit.export (useCan: a hint; the route decides).
import { useCallback, useId, useRef, useState } from "react";
import { useCan } from "@/components/rbac/can";
import { buttonClass } from "@/components/ui/button";
import { usePopover } from "./use-popover";

const FORMATS = [
  { format: "csv", label: "CSV", hint: "Spreadsheet; signature on the last line" },
  { format: "json", label: "JSON", hint: "One document, signed" },
  { format: "jsonl", label: "JSON Lines", hint: "One entry per line, signed" },
] as const;

export function ExportMenu({ hrefs }: { hrefs: Record<"csv" | "json" | "jsonl", string> }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const id = useId();
  const close = useCallback(() => setOpen(false), []);
  usePopover(open, close, button, panel);
  if (!useCan("audit.export")) return null;

  return (
    <div className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        className={buttonClass("secondary", "md")}
      >
        Export
        <svg
          viewBox="0 0 24 24"
          className="size-4"
          fill="none"
          stroke="currentColor"
          strokeWidth={1.75}
          aria-hidden="true"
        >
          <path d="M6 9l6 6 6-6" />
        </svg>
      </button>
      {open && (
        <div
          ref={panel}
          id={id}
          className="absolute right-0 z-20 mt-1 w-64 rounded-md border border-border bg-surface p-1 shadow-lg"
        >
          <p className="px-2 pt-1 pb-1.5 text-xs text-muted">Signed export of the current filters</p>
          <ul>
            {FORMATS.map((f) => (
              <li key={f.format}>
                <a
                  href={hrefs[f.format]}
                  download
                  onClick={close}
                  className="block rounded px-2 py-1.5 text-sm text-fg hover:bg-surface-2 focus-visible:bg-surface-2"
                >
                  <span className="font-medium">{f.label}</span>
                  <span className="block text-xs text-muted">{f.hint}</span>
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
