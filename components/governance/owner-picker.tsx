"use client";
// A searchable owner picker (ARIA combobox with a listbox): what is typed goes to the server
// (debounced 250 ms) through the one owner search action, which answers the first 20 matches
// in the actor's tenant and team scope; an empty text lists the first 20 by name. Arrow keys
// move, Enter picks, Escape closes the list (and only the list, not the sheet around it).
import { useEffect, useId, useRef, useState } from "react";
import type { ActionResult } from "@/lib/http/action-result";
import { inputClass } from "@/components/ui/field";
import { Field } from "./form";
import type { OwnerType } from "./types";

/** What each kind of owner is called in the console. */
export const OWNER_LABEL: Record<OwnerType, string> = {
  customer: "Customer",
  team: "Team",
  user: "User",
  virtual_key: "Virtual key",
};

export type OwnerOption = { id: string; label: string; hint: string | null };
export type SearchOwners = (input: {
  kind: OwnerType;
  q?: string;
  id?: string;
}) => Promise<ActionResult<OwnerOption[]>>;

const DEBOUNCE_MS = 250;

export function OwnerPicker({
  field,
  kind,
  value,
  label,
  onChange,
  search,
  placeholder = "Search by name…",
  clearLabel,
  addMode,
}: {
  /** The props <Field> hands its control: id (for its label), aria-invalid, aria-describedby. */
  field: { id: string; "aria-invalid": boolean; "aria-describedby"?: string };
  kind: OwnerType;
  value: string;
  /** The label of the current value when the caller knows it; looked up by id otherwise. */
  label?: string | null;
  onChange: (value: string, option: OwnerOption | null) => void;
  search: SearchOwners;
  placeholder?: string;
  /** When set, the list starts with an option that clears the value ("No customer"). */
  clearLabel?: string;
  /** Each pick is added elsewhere (a list of teams): the text empties and the focus stays. */
  addMode?: boolean;
}) {
  const listId = `${useId()}-owners`;
  const [text, setText] = useState(label ?? "");
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<OwnerOption[]>([]);
  const [active, setActive] = useState(-1);
  const [state, setState] = useState<"idle" | "loading" | "error">("idle");
  const [query, setQuery] = useState<string | null>(null);
  /** The text the shown options answer: Enter picks only when it is the text typed. */
  const [answered, setAnswered] = useState<string | null>(null);
  const seq = useRef(0);
  const listRef = useRef<HTMLUListElement>(null);
  /** The label of the picked owner: what the input shows again when it loses focus. */
  const picked = useRef(label ?? "");

  // A saved value without a known label (a form opened for editing): ask for its label once.
  useEffect(() => {
    if (!value || label) return;
    let live = true;
    void search({ kind, id: value }).then((out) => {
      if (live && out.ok && out.data[0]) {
        picked.current = out.data[0].label;
        setText(out.data[0].label);
      }
    });
    return () => {
      live = false;
    };
  }, [kind, value, label, search]);

  // The search itself: only the latest answer is shown.
  useEffect(() => {
    if (query === null) return;
    const n = ++seq.current;
    const timer = setTimeout(async () => {
      setState("loading");
      const out = await search({ kind, q: query }).catch(() => null);
      if (n !== seq.current) return;
      if (!out || !out.ok) return setState("error");
      setOptions(out.data);
      setAnswered(query);
      setActive(out.data.length ? (clearLabel ? 1 : 0) : clearLabel ? 0 : -1);
      setState("idle");
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, kind, search, clearLabel]);

  const items: (OwnerOption | null)[] = clearLabel ? [null, ...options] : options;
  const show = (q: string) => {
    setOpen(true);
    setQuery(q);
  };
  const pick = (o: OwnerOption | null) => {
    onChange(o?.id ?? "", o);
    picked.current = addMode ? "" : (o?.label ?? "");
    setText(picked.current);
    setOpen(false);
    setQuery(null);
  };
  const optionId = (i: number) => `${listId}-${i}`;

  useEffect(() => {
    if (open && active >= 0) document.getElementById(optionId(active))?.scrollIntoView({ block: "nearest" });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- optionId only reads listId
  }, [open, active]);

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!open) return show(value ? "" : text);
      if (!items.length) return;
      const step = e.key === "ArrowDown" ? 1 : -1;
      setActive((a) => (a < 0 ? (step > 0 ? 0 : items.length - 1) : (a + step + items.length) % items.length));
    } else if (e.key === "Enter") {
      if (!open) return;
      e.preventDefault();
      if (active >= 0 && active < items.length && answered === query) pick(items[active]);
    } else if (e.key === "Escape") {
      if (!open) return;
      // Close the list only; the sheet's dialog would otherwise take the Escape too.
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    } else if (e.key === "Tab") {
      setOpen(false);
    }
  }

  return (
    <div className="relative">
      <input
        {...field}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && active >= 0 && active < items.length ? optionId(active) : undefined}
        data-value={value}
        className={`${inputClass} pr-8 focus-visible:ring-2 focus-visible:ring-accent/50 focus-visible:outline-none`}
        placeholder={placeholder}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          show(e.target.value);
        }}
        onKeyDown={onKeyDown}
        onFocus={() => {
          if (!open) show(value ? "" : text);
        }}
        onClick={() => {
          if (!open) show(value ? "" : text);
        }}
        onBlur={(e) => {
          // A click on an option moves focus into the list first; keep it open for the click.
          if (listRef.current?.contains(e.relatedTarget as Node | null)) return;
          setOpen(false);
          setQuery(null);
          // What is shown is always the picked owner, never half-typed text.
          setText(value ? picked.current : "");
        }}
      />
      <span aria-hidden className="pointer-events-none absolute inset-y-0 right-2 flex items-center text-xs text-muted">
        ▾
      </span>
      <ul
        ref={listRef}
        id={listId}
        role="listbox"
        aria-label="Matches"
        hidden={!open}
        tabIndex={-1}
        className="absolute z-20 mt-1 max-h-64 w-full overflow-y-auto rounded-md border border-border-strong bg-surface py-1 text-sm shadow-lg"
      >
        {items.map((o, i) => (
          <li
            key={o?.id ?? "none"}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={`flex cursor-pointer items-baseline justify-between gap-3 px-3 py-2 ${i === active ? "bg-accent-soft text-fg ring-1 ring-accent ring-inset" : "text-fg"} ${o?.id === value && value ? "font-semibold" : ""}`}
            onMouseDown={(e) => e.preventDefault()}
            onMouseEnter={() => setActive(i)}
            onClick={() => pick(o)}
          >
            <span className="min-w-0 truncate">{o ? o.label : clearLabel}</span>
            {o?.hint && <span className="min-w-0 shrink truncate text-xs text-muted">{o.hint}</span>}
          </li>
        ))}
        {state !== "error" && answered !== query && options.length === 0 && (
          <li role="presentation" className="px-3 py-2 text-muted">
            Searching…
          </li>
        )}
        {state === "error" && (
          <li role="presentation" className="px-3 py-2 text-danger-text">
            The search failed; type to try again.
          </li>
        )}
        {state === "idle" && query !== null && answered === query && options.length === 0 && (
          <li role="presentation" className="px-3 py-2 text-muted">
            No matches.
          </li>
        )}
      </ul>
      <p className="sr-only" aria-live="polite">
        {open && state === "idle" && query !== null && answered === query
          ? `${options.length} ${options.length === 1 ? "match" : "matches"}`
          : ""}
      </p>
    </div>
  );
}

/**
 * Choosing a new owner (of a virtual key, of a set of limits): the kind of owner, then the owner
 * itself in the picker for that kind (a new kind starts an empty pick).
 */
export function OwnerFields<K extends OwnerType>({
  kindLabel,
  kinds,
  kind,
  onKind,
  value,
  onChange,
  error,
  search,
}: {
  kindLabel: string;
  kinds: readonly K[];
  kind: K;
  onKind: (kind: K) => void;
  value: string;
  onChange: (id: string) => void;
  error?: string;
  search: SearchOwners;
}) {
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-[10rem_1fr]">
      <Field label={kindLabel}>
        {(p) => (
          <select {...p} className={inputClass} value={kind} onChange={(e) => onKind(e.target.value as K)}>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {OWNER_LABEL[k]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={OWNER_LABEL[kind]} error={error}>
        {(p) => <OwnerPicker key={kind} field={p} kind={kind} value={value} onChange={onChange} search={search} />}
      </Field>
    </div>
  );
}
