// Before/after of a recorded change, one line per (dotted) key: added in green, removed in
// red, changed shows both values. Colour is never the only signal: each line has a marker.
import { cn } from "@/components/ui/cn";
import { jsonDiff, show, type DiffKind } from "./json-diff";

const STYLE: Record<DiffKind, { mark: string; label: string; cls: string }> = {
  added: { mark: "+", label: "added", cls: "bg-success-soft text-success-text" },
  removed: { mark: "−", label: "removed", cls: "bg-danger-soft text-danger-text" },
  changed: { mark: "~", label: "changed", cls: "bg-warning-soft text-warning-text" },
  same: { mark: " ", label: "unchanged", cls: "text-muted" },
};

export function DiffView({ before, after }: { before: unknown; after: unknown }) {
  const lines = jsonDiff(before, after);
  if (lines.length === 0) return <p className="text-sm text-muted">Nothing was recorded before or after.</p>;
  return (
    <ul className="overflow-x-auto rounded-md border border-border font-mono text-xs" data-testid="audit-diff">
      {lines.map((l) => {
        const s = STYLE[l.kind];
        return (
          <li
            key={l.path}
            data-kind={l.kind}
            className={cn("flex gap-2 border-b border-border px-2 py-1 last:border-b-0", s.cls)}
          >
            <span aria-hidden="true" className="w-3 shrink-0 text-center">
              {s.mark}
            </span>
            <span className="sr-only">{s.label}:</span>
            <span className="shrink-0 font-semibold">{l.path}</span>
            <span className="min-w-0 break-all">
              {l.kind === "changed" ? (
                <>
                  <del className="opacity-80">{show(l.before)}</del> →{" "}
                  <ins className="no-underline">{show(l.after)}</ins>
                </>
              ) : (
                show(l.kind === "removed" ? l.before : l.after)
              )}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
