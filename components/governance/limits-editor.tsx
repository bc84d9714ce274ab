"use client";
// Budgets (USD per window, several per owner) and rate limits (requests and/or tokens per
// window) of one owner, with the reset rules spelled out where people choose them.
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { MODES, WINDOWS, type BudgetWindow, type WindowMode } from "@/lib/gateway/windows";
import { inputClass } from "@/components/ui/field";
import { numberOf } from "./form";

export const WINDOW_LABEL: Record<BudgetWindow, string> = {
  "1m": "1 minute",
  "1h": "1 hour",
  "1d": "1 day",
  "1w": "1 week",
  "1M": "1 month",
  "1Y": "1 year",
};

export interface BudgetDraft {
  limit_usd: string;
  window: BudgetWindow;
  mode: WindowMode;
}
export interface RateDraft {
  requests: string;
  tokens: string;
  window: BudgetWindow;
}
export interface LimitsDraft {
  budgets: BudgetDraft[];
  rate_limits: RateDraft[];
}

type LimitsIn = {
  budgets: { limit_usd: number; window: string; mode: string }[];
  rate_limits: { requests_per_window: number | null; tokens_per_window: number | null; window: string }[];
};

export function draftOf(l?: LimitsIn): LimitsDraft {
  return {
    budgets: (l?.budgets ?? []).map((b) => ({
      limit_usd: String(b.limit_usd),
      window: b.window as BudgetWindow,
      mode: b.mode as WindowMode,
    })),
    rate_limits: (l?.rate_limits ?? []).map((r) => ({
      requests: r.requests_per_window?.toString() ?? "",
      tokens: r.tokens_per_window?.toString() ?? "",
      window: r.window as BudgetWindow,
    })),
  };
}

/** The API's shape: numbers, blank fields left out (so the schema can say what is missing). */
export function limitsPayload(d: LimitsDraft) {
  return {
    budgets: d.budgets.map((b) => ({ limit_usd: numberOf(b.limit_usd) as number, window: b.window, mode: b.mode })),
    rate_limits: d.rate_limits.map((r) => ({
      requests_per_window: numberOf(r.requests),
      tokens_per_window: numberOf(r.tokens),
      window: r.window,
    })),
  };
}

export const RESET_RULES: Record<WindowMode, string> = {
  calendar:
    "Calendar (UTC): resets at each UTC boundary — every minute, on the hour, at 00:00, on Monday 00:00, on the 1st of the month, on 1 January.",
  rolling:
    "Rolling: the first window starts when the budget is saved and each next one starts exactly one window later (a month from 15 Mar 10:00 resets 15 Apr 10:00).",
};

export function LimitsEditor({
  value,
  onChange,
  fieldError,
  disabled,
}: {
  value: LimitsDraft;
  onChange: (v: LimitsDraft) => void;
  fieldError: (path: string) => string | undefined;
  disabled?: boolean;
}) {
  return (
    <div className="space-y-5">
      <LimitList
        legend="Budgets (USD)"
        intro="A request is refused with 402 once any budget of the key, its user, team or customer is spent. Several budgets may apply at once (e.g. $5 a day and $100 a month)."
        what="budget"
        path="budgets"
        rows={value.budgets}
        onRows={(budgets) => onChange({ ...value, budgets })}
        blank={{ limit_usd: "", window: "1M", mode: "calendar" }}
        fieldError={fieldError}
        disabled={disabled}
        grid="sm:grid-cols-[6rem_1fr_1.3fr_auto]"
        testId="budget-row"
        note={(b) => <p className="mt-2 text-xs text-muted">{RESET_RULES[b.mode]}</p>}
      >
        {(b, i, set) => (
          <>
            <NumberInput
              label="Limit (USD)"
              mode="decimal"
              invalid={Boolean(fieldError(`budgets.${i}.limit_usd`))}
              value={b.limit_usd}
              onChange={(limit_usd) => set({ limit_usd })}
              placeholder="100"
              aria={`Budget ${i + 1} limit in USD`}
            />
            <Choice
              label="Window"
              options={WINDOWS}
              optionLabel={(w) => WINDOW_LABEL[w]}
              value={b.window}
              onChange={(window) => set({ window })}
              aria={`Budget ${i + 1} window`}
            />
            <Choice
              label="Reset"
              options={MODES}
              optionLabel={(m) => (m === "calendar" ? "Calendar (UTC)" : "Rolling")}
              value={b.mode}
              onChange={(mode) => set({ mode })}
              aria={`Budget ${i + 1} reset`}
            />
          </>
        )}
      </LimitList>
      <LimitList
        legend="Rate limits"
        intro="Counted in fixed UTC buckets of the window; a request over a limit gets 429 with Retry-After until the next bucket."
        what="rate limit"
        path="rate_limits"
        rows={value.rate_limits}
        onRows={(rate_limits) => onChange({ ...value, rate_limits })}
        blank={{ requests: "", tokens: "", window: "1m" }}
        fieldError={fieldError}
        disabled={disabled}
        grid="sm:grid-cols-[1fr_1fr_1fr_auto]"
      >
        {(r, i, set) => (
          <>
            <NumberInput
              label="Requests"
              mode="numeric"
              value={r.requests}
              onChange={(requests) => set({ requests })}
              placeholder="—"
              aria={`Rate limit ${i + 1} requests per window`}
            />
            <NumberInput
              label="Tokens"
              mode="numeric"
              value={r.tokens}
              onChange={(tokens) => set({ tokens })}
              placeholder="—"
              aria={`Rate limit ${i + 1} tokens per window`}
            />
            <Choice
              label="Per"
              options={WINDOWS}
              optionLabel={(w) => WINDOW_LABEL[w]}
              value={r.window}
              onChange={(window) => set({ window })}
              aria={`Rate limit ${i + 1} window`}
            />
          </>
        )}
      </LimitList>
    </div>
  );
}

/** One list of limits (the budgets, or the rate limits): a bordered row each, Remove on each, Add at the end. */
function LimitList<R>({
  legend,
  intro,
  what,
  path,
  rows,
  onRows,
  blank,
  fieldError,
  disabled,
  grid,
  testId,
  note,
  children: fields,
}: {
  legend: string;
  intro: string;
  /** "budget": "Add budget", "Remove budget 2". */
  what: string;
  /** Where the server's field issues of a row are ("budgets" for "budgets.0"). */
  path: string;
  rows: R[];
  onRows: (rows: R[]) => void;
  /** A new row; R is taken from `rows`, as this literal would widen the windows to string. */
  blank: NoInfer<R>;
  fieldError: (path: string) => string | undefined;
  disabled?: boolean;
  /** The row's columns from `sm` up, the Remove button's last. */
  grid: string;
  testId?: string;
  /** Under the row's fields and issue. */
  note?: (row: R) => ReactNode;
  children: (row: R, i: number, set: (patch: Partial<R>) => void) => ReactNode;
}) {
  const set = (i: number, patch: Partial<R>) => onRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="space-y-2" disabled={disabled}>
      <legend className="text-sm font-medium text-fg">{legend}</legend>
      <p className="text-xs text-muted">{intro}</p>
      {rows.map((r, i) => (
        <div key={i} className="rounded-md border border-border p-3" data-testid={testId}>
          <div className={`grid grid-cols-1 gap-2 ${grid} sm:items-end`}>
            {fields(r, i, (patch) => set(i, patch))}
            <Button
              size="sm"
              variant="ghost"
              onClick={() => onRows(rows.filter((_, j) => j !== i))}
              aria-label={`Remove ${what} ${i + 1}`}
            >
              Remove
            </Button>
          </div>
          {fieldError(`${path}.${i}`) && <p className="mt-1 text-xs text-danger-text">{fieldError(`${path}.${i}`)}</p>}
          {note?.(r)}
        </div>
      ))}
      <Button size="sm" onClick={() => onRows([...rows, blank])}>
        {`Add ${what}`}
      </Button>
    </fieldset>
  );
}

function NumberInput({
  label,
  mode,
  invalid,
  value,
  onChange,
  placeholder,
  aria,
}: {
  label: string;
  mode: "decimal" | "numeric";
  invalid?: boolean;
  value: string;
  onChange: (v: string) => void;
  placeholder: string;
  aria: string;
}) {
  return (
    <label className="text-xs text-muted">
      {label}
      <input
        inputMode={mode}
        aria-invalid={invalid}
        className={inputClass}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        aria-label={aria}
      />
    </label>
  );
}

function Choice<V extends string>({
  label,
  options,
  optionLabel,
  value,
  onChange,
  aria,
}: {
  label: string;
  options: readonly V[];
  optionLabel: (v: V) => string;
  value: V;
  onChange: (v: V) => void;
  aria: string;
}) {
  return (
    <label className="text-xs text-muted">
      {label}
      <select
        className={`${inputClass} pr-8`}
        value={value}
        onChange={(e) => onChange(e.target.value as V)}
        aria-label={aria}
      >
        {options.map((o) => (
          <option key={o} value={o}>
            {optionLabel(o)}
          </option>
        ))}
      </select>
    </label>
  );
}
