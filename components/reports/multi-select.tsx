"use client";
// A searchable multi-select: a text box that filters the options, checkboxes to pick, chips
// for what is picked. Keyboard: type to filter, Tab / arrows to move, Space to toggle.
import { useId, useMemo, useState } from "react";
import { cn } from "@/components/ui/cn";

export interface Option {
  value: string;
  label: string;
  hint?: string;
}

export function MultiSelect({
  label,
  options,
  value,
  onChange,
  placeholder,
}: {
  label: string;
  options: Option[];
  value: string[];
  onChange: (v: string[]) => void;
  placeholder?: string;
}) {
  const id = useId();
  const [q, setQ] = useState("");
  const [open, setOpen] = useState(false);
  const shown = useMemo(() => {
    const s = q.trim().toLowerCase();
    return (
      s
        ? options.filter(
            (o) =>
              o.label.toLowerCase().includes(s) ||
              o.value.toLowerCase().includes(s) ||
              o.hint?.toLowerCase().includes(s),
          )
        : options
    ).slice(0, 50);
  }, [q, options]);
  const picked = new Set(value);
  const toggle = (v: string) => onChange(picked.has(v) ? value.filter((x) => x !== v) : [...value, v]);
  const byValue = new Map(options.map((o) => [o.value, o]));
  return (
    <div
      className="min-w-0"
      data-testid={`filter-${label.toLowerCase().replace(/\s+/g, "-")}`}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <label htmlFor={id} className="block text-xs font-medium text-muted">
        {label}
      </label>
      <div className="mt-1 rounded-md border border-border-strong bg-surface focus-within:ring-2 focus-within:ring-accent/40">
        {value.length > 0 && (
          <div className="flex flex-wrap gap-1 px-2 pt-2">
            {value.map((v) => (
              <button
                key={v}
                type="button"
                onClick={() => toggle(v)}
                className="inline-flex max-w-full items-center gap-1 rounded-full bg-accent-soft px-2 py-0.5 text-xs text-accent-text"
                aria-label={`Remove ${byValue.get(v)?.label ?? v}`}
              >
                <span className="truncate">{byValue.get(v)?.label ?? v}</span>
                <span aria-hidden>×</span>
              </button>
            ))}
          </div>
        )}
        <input
          id={id}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onKeyDown={(e) => {
            if (e.key === "Escape") setOpen(false);
          }}
          placeholder={placeholder ?? `Search ${label.toLowerCase()}`}
          className="h-9 w-full rounded-md bg-transparent px-2.5 text-sm text-fg outline-none placeholder:text-subtle"
          aria-expanded={open}
          aria-controls={`${id}-list`}
          role="combobox"
        />
      </div>
      {open && (
        <div className="relative">
          <ul
            id={`${id}-list`}
            role="listbox"
            aria-multiselectable
            className="absolute z-20 mt-1 max-h-56 w-full overflow-auto rounded-md border border-border bg-surface py-1 shadow-lg"
          >
            {shown.length === 0 && <li className="px-3 py-2 text-sm text-muted">No matches</li>}
            {shown.map((o) => (
              <li key={o.value} role="option" aria-selected={picked.has(o.value)}>
                <label
                  className={cn(
                    "flex cursor-pointer items-center gap-2 px-3 py-1.5 text-sm hover:bg-surface-2",
                    picked.has(o.value) && "text-accent-text",
                  )}
                >
                  <input
                    type="checkbox"
                    checked={picked.has(o.value)}
                    onChange={() => toggle(o.value)}
                    className="accent-[var(--color-accent)]"
                  />
                  <span className="min-w-0 flex-1 truncate">{o.label}</span>
                  {o.hint && <span className="truncate text-xs text-subtle">{o.hint}</span>}
                </label>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
