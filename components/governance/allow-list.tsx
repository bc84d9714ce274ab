"use client";
// An allow-list editor: deny by default (empty = nothing allowed), "*" allows all, otherwise the
// names listed. Suggestions come from the tenant's providers and their price tables.
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

export function AllowList({
  label,
  value,
  onChange,
  suggestions,
  error,
}: {
  label: string;
  value: string[];
  onChange: (v: string[]) => void;
  suggestions: string[];
  error?: string;
}) {
  const [text, setText] = useState("");
  const listId = useId();
  const all = value.includes("*");
  const add = (v: string) => {
    const t = v.trim();
    if (t && !value.includes(t)) onChange([...value, t]);
    setText("");
  };
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-fg">{label}</legend>
      <label className="flex items-center gap-2 text-sm text-fg">
        <input type="checkbox" checked={all} onChange={(e) => onChange(e.target.checked ? ["*"] : [])} /> Allow all (
        <code>*</code>)
      </label>
      {!all && (
        <>
          <div className="flex flex-wrap gap-1.5" aria-live="polite">
            {value.length === 0 && (
              <span className="text-xs text-warning-text">
                Nothing allowed yet: requests are denied until you add at least one.
              </span>
            )}
            {value.map((v) => (
              <span
                key={v}
                className="inline-flex items-center gap-1 rounded-full bg-accent-soft px-2 py-0.5 text-xs text-accent-text"
              >
                {v}
                <button
                  type="button"
                  aria-label={`Remove ${v}`}
                  className="hover:text-fg"
                  onClick={() => onChange(value.filter((x) => x !== v))}
                >
                  ×
                </button>
              </span>
            ))}
          </div>
          <div className="flex gap-2">
            <input
              list={listId}
              className={inputClass}
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder="Type or pick a name"
              aria-label={`Add to ${label.toLowerCase()}`}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  add(text);
                }
              }}
            />
            <datalist id={listId}>
              {suggestions
                .filter((s) => !value.includes(s))
                .map((s) => (
                  <option key={s} value={s} />
                ))}
            </datalist>
            <Button size="md" onClick={() => add(text)}>
              Add
            </Button>
          </div>
        </>
      )}
      {error && <p className="text-xs text-danger-text">{error}</p>}
    </fieldset>
  );
}

/** The two allow-lists of a user or a virtual key: the providers and the models it may call. */
export function ModelAccessLists({
  providers,
  onProviders,
  models,
  onModels,
  providerNames,
  modelNames,
  fieldError,
}: {
  providers: string[];
  onProviders: (v: string[]) => void;
  models: string[];
  onModels: (v: string[]) => void;
  providerNames: string[];
  modelNames: string[];
  fieldError: (field: string) => string | undefined;
}) {
  return (
    <>
      <AllowList
        label="Allowed providers"
        value={providers}
        onChange={onProviders}
        suggestions={providerNames}
        error={fieldError("allowed_providers")}
      />
      <AllowList
        label="Allowed models"
        value={models}
        onChange={onModels}
        suggestions={modelNames}
        error={fieldError("allowed_models")}
      />
    </>
  );
}
