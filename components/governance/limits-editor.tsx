"use client";
// Budgets (USD per window, several per owner) and rate limits (requests and/or tokens per
// window) of one owner, with the reset rules spelled out where people choose them.
import { Button } from "@/components/ui/button";
import { MODES, WINDOWS, type BudgetWindow, type WindowMode } from "@/lib/gateway/windows";
import { inputClass } from "@/components/ui/field";

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

const num = (s: string) => (s.trim() === "" ? undefined : Number(s));

/** The API's shape: numbers, blank fields left out (so the schema can say what is missing). */
export function limitsPayload(d: LimitsDraft) {
  return {
    budgets: d.budgets.map((b) => ({ limit_usd: num(b.limit_usd) as number, window: b.window, mode: b.mode })),
    rate_limits: d.rate_limits.map((r) => ({
      requests_per_window: num(r.requests),
      tokens_per_window: num(r.tokens),
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
  const setBudget = (i: number, patch: Partial<BudgetDraft>) =>
    onChange({ ...value, budgets: value.budgets.map((b, j) => (j === i ? { ...b, ...patch } : b)) });
  const setRate = (i: number, patch: Partial<RateDraft>) =>
    onChange({ ...value, rate_limits: value.rate_limits.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const sel = `${inputClass} pr-8`;
  return (
    <div className="space-y-5">
      <fieldset className="space-y-2" disabled={disabled}>
        <legend className="text-sm font-medium text-fg">Budgets (USD)</legend>
        <p className="text-xs text-muted">
          A request is refused with 402 once any budget of the key, its user, team or customer is spent. Several budgets
          may apply at once (e.g. $5 a day and $100 a month).
        </p>
        {value.budgets.map((b, i) => (
          <div key={i} className="rounded-md border border-border p-3" data-testid="budget-row">
            <div className="grid grid-cols-1 gap-2 sm:grid-cols-[6rem_1fr_1.3fr_auto] sm:items-end">
              <label className="text-xs text-muted">
                Limit (USD)
                <input
                  inputMode="decimal"
                  aria-invalid={Boolean(fieldError(`budgets.${i}.limit_usd`))}
                  className={inputClass}
                  value={b.limit_usd}
                  onChange={(e) => setBudget(i, { limit_usd: e.target.value })}
                  placeholder="100"
                  aria-label={`Budget ${i + 1} limit in USD`}
                />
              </label>
              <label className="text-xs text-muted">
                Window
                <select
                  className={sel}
                  value={b.window}
                  onChange={(e) => setBudget(i, { window: e.target.value as BudgetWindow })}
                  aria-label={`Budget ${i + 1} window`}
                >
                  {WINDOWS.map((w) => (
                    <option key={w} value={w}>
                      {WINDOW_LABEL[w]}
                    </option>
                  ))}
                </select>
              </label>
              <label className="text-xs text-muted">
                Reset
                <select
                  className={sel}
                  value={b.mode}
                  onChange={(e) => setBudget(i, { mode: e.target.value as WindowMode })}
                  aria-label={`Budget ${i + 1} reset`}
                >
                  {MODES.map((m) => (
                    <option key={m} value={m}>
                      {m === "calendar" ? "Calendar (UTC)" : "Rolling"}
                    </option>
                  ))}
                </select>
              </label>
              <Button
                size="sm"
                variant="ghost"
                onClick={() => onChange({ ...value, budgets: value.budgets.filter((_, j) => j !== i) })}
                aria-label={`Remove budget ${i + 1}`}
              >
                Remove
              </Button>
            </div>
            {fieldError(`budgets.${i}`) && (
              <p className="mt-1 text-xs text-danger-text">{fieldError(`budgets.${i}`)}</p>
            )}
            <p className="mt-2 text-xs text-muted">{RESET_RULES[b.mode]}</p>
          </div>
        ))}
        <Button
          size="sm"
          onClick={() =>
            onChange({ ...value, budgets: [...value.budgets, { limit_usd: "", window: "1M", mode: "calendar" }] })
          }
        >
          Add budget
        </Button>
      </fieldset>
      <fieldset className="space-y-2" disabled={disabled}>
        <legend className="text-sm font-medium text-fg">Rate limits</legend>
        <p className="text-xs text-muted">
          Counted in fixed UTC buckets of the window; a request over a limit gets 429 with Retry-After until the next
          bucket.
        </p>
        {value.rate_limits.map((r, i) => (
          <div key={i} className="rounded-md border border-border p-3">
            <div className="grid grid-cols-1 gap-2 sm:grid-cols-[1fr_1fr_1fr_auto] sm:items-end">
              <label className="text-xs text-muted">
                Requests
                <input
                  inputMode="numeric"
                  className={inputClass}
                  value={r.requests}
                  onChange={(e) => setRate(i, { requests: e.target.value })}
                  placeholder="—"
                  aria-label={`Rate limit ${i + 1} requests per window`}
                />
              </label>
              <label className="text-xs text-muted">
                Tokens
                <input
                  inputMode="numeric"
                  className={inputClass}
                  value={r.tokens}
                  onChange={(e) => setRate(i, { tokens: e.target.value })}
                  placeholder="—"
                  aria-label={`Rate limit ${i + 1} tokens per window`}
                />
              </label>
              <label className="text-xs text-muted">
                Per
                <select
                  className={sel}
                  value={r.window}
                  onChange={(e) => setRate(i, { window: e.target.value as BudgetWindow })}
                  aria-label={`Rate limit ${i + 1} window`}
                >
                  {WINDOWS.map((w) => (
                    <option key={w} value={w}>
                      {WINDOW_LABEL[w]}
                    </option>
                  ))}
                </select>
              </label>
              <Button
                size="sm"
                variant="ghost"
                onClick={() => onChange({ ...value, rate_limits: value.rate_limits.filter((_, j) => j !== i) })}
                aria-label={`Remove rate limit ${i + 1}`}
              >
                Remove
              </Button>
            </div>
            {fieldError(`rate_limits.${i}`) && (
              <p className="mt-1 text-xs text-danger-text">{fieldError(`rate_limits.${i}`)}</p>
            )}
          </div>
        ))}
        <Button
          size="sm"
          onClick={() =>
            onChange({ ...value, rate_limits: [...value.rate_limits, { requests: "", tokens: "", window: "1m" }] })
          }
        >
          Add rate limit
        </Button>
      </fieldset>
    </div>
  );
}
