"use client";

// Filters as a GET form on /audit: the URL carries them, so a filtered view is a link.
// With JavaScript, submitting drops empty fields and navigates without a full reload.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { buttonClass } from "@/components/ui/button";
import type { ActionOption, FilterValues } from "./types";

const RANGE_OPTIONS = [
  ["all", "Any time"],
  ["24h", "Last 24 hours"],
  ["7d", "Last 7 days"],
  ["30d", "Last 30 days"],
  ["custom", "Custom (UTC)"],
] as const;

const input =
  "h-9 w-full rounded-md border border-border-strong bg-surface px-2.5 text-sm text-fg placeholder:text-subtle";

interface Props {
  values: FilterValues;
  categories: readonly string[];
  actions: ActionOption[];
}

export function AuditFilters({ values, categories, actions }: Props) {
  const router = useRouter();
  const [range, setRange] = useState(values.range);
  const byCategory = categories.map((c) => [c, actions.filter((a) => a.category === c)] as const);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(e.currentTarget)) {
      if (typeof v !== "string" || !v.trim() || (k === "range" && v === "all")) continue;
      if ((k === "from" || k === "to") && range !== "custom") continue;
      params.set(k, v.trim());
    }
    router.push(params.size ? `/audit?${params}` : "/audit");
  };

  return (
    <form
      method="get"
      action="/audit"
      onSubmit={submit}
      role="search"
      aria-label="Filter audit entries"
      className="grid grid-cols-2 gap-3 p-4 lg:grid-cols-4"
    >
      <Field label="Time range">
        <select name="range" value={range} onChange={(e) => setRange(e.target.value)} className={input}>
          {RANGE_OPTIONS.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </Field>
      {range === "custom" && (
        <>
          <Field label="From (UTC)">
            <input type="datetime-local" name="from" defaultValue={values.from} className={input} />
          </Field>
          <Field label="To (UTC)">
            <input type="datetime-local" name="to" defaultValue={values.to} className={input} />
          </Field>
        </>
      )}
      <Field label="Category">
        <select name="category" defaultValue={values.category} className={input}>
          <option value="">All categories</option>
          {categories.map((c) => (
            <option key={c} value={c} className="capitalize">
              {c[0].toUpperCase() + c.slice(1)}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Action">
        <select name="action" defaultValue={values.action} className={input}>
          <option value="">All actions</option>
          {byCategory.map(([c, list]) => (
            <optgroup key={c} label={c[0].toUpperCase() + c.slice(1)}>
              {list.map((a) => (
                <option key={a.value} value={a.value}>
                  {a.value}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </Field>
      <Field label="Outcome">
        <select name="outcome" defaultValue={values.outcome} className={input}>
          <option value="">Any outcome</option>
          <option value="success">Success</option>
          <option value="failure">Failure</option>
          <option value="denied">Denied</option>
        </select>
      </Field>
      <Field label="Actor">
        <input name="actor" defaultValue={values.actor} placeholder="Name, email or ref" className={input} />
      </Field>
      <Field label="Target">
        <input name="target" defaultValue={values.target} placeholder="Target id or type" className={input} />
      </Field>
      <Field label="Search" className="col-span-2 lg:col-span-1">
        <input type="search" name="q" defaultValue={values.q} placeholder="Any text, request id…" className={input} />
      </Field>
      <div className="col-span-2 flex items-end justify-end gap-2 lg:col-span-1 lg:col-start-4">
        <Link href="/audit" className={buttonClass("ghost", "md")}>
          Reset
        </Link>
        <button type="submit" className={buttonClass("primary", "md")}>
          Apply filters
        </button>
      </div>
    </form>
  );
}

function Field({ label, className, children }: { label: string; className?: string; children: React.ReactNode }) {
  return (
    <label className={`flex min-w-0 flex-col gap-1 text-xs font-medium text-muted ${className ?? ""}`}>
      {label}
      {children}
    </label>
  );
}
