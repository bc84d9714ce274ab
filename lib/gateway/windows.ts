// Budget and rate-limit windows. Pure functions of an injected "now", so tests move time.
// Reset rules:
// - calendar: windows align to UTC boundaries (minute, hour, day, ISO week from Monday,
//   month from the 1st, year from 1 January); a new window starts at the next boundary.
// - rolling: a window starts at the budget's window_start (its creation, or the last reset)
//   and lasts one window length; once over, it advances by whole windows from that anchor,
//   so the period never drifts with request timing.
// Rate-limit counters always use calendar buckets (fixed windows).

export const WINDOWS = ["1m", "1h", "1d", "1w", "1M", "1Y"] as const;
export type BudgetWindow = (typeof WINDOWS)[number];
export const MODES = ["calendar", "rolling"] as const;
export type WindowMode = (typeof MODES)[number];

const FIXED_MS: Partial<Record<BudgetWindow, number>> = {
  "1m": 60_000,
  "1h": 3_600_000,
  "1d": 86_400_000,
  "1w": 7 * 86_400_000,
};

function addMonthsClamped(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const target = new Date(
    Date.UTC(y, m, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target;
}

/** start + n windows. Months and years keep the day of month, clamped to the month's end. */
export function addWindows(start: Date, window: BudgetWindow, n = 1): Date {
  const fixed = FIXED_MS[window];
  if (fixed) return new Date(start.getTime() + fixed * n);
  return addMonthsClamped(start, window === "1M" ? n : 12 * n);
}

/** The UTC calendar window containing `now`. */
export function calendarStart(now: Date, window: BudgetWindow): Date {
  const t = now.getTime();
  switch (window) {
    case "1m":
      return new Date(t - (t % 60_000));
    case "1h":
      return new Date(t - (t % 3_600_000));
    case "1d":
      return new Date(t - (t % 86_400_000));
    case "1w": {
      const day = new Date(t - (t % 86_400_000));
      const sinceMonday = (day.getUTCDay() + 6) % 7;
      return new Date(day.getTime() - sinceMonday * 86_400_000);
    }
    case "1M":
      return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    case "1Y":
      return new Date(Date.UTC(now.getUTCFullYear(), 0, 1));
  }
}

/** The start of the window that `now` falls in, given the stored start (anchor for rolling). */
export function currentWindowStart(stored: Date, now: Date, window: BudgetWindow, mode: WindowMode): Date {
  if (mode === "calendar") {
    const c = calendarStart(now, window);
    return c.getTime() > stored.getTime() ? c : stored;
  }
  if (now.getTime() < addWindows(stored, window).getTime()) return stored;
  const fixed = FIXED_MS[window];
  if (fixed) return new Date(stored.getTime() + Math.floor((now.getTime() - stored.getTime()) / fixed) * fixed);
  // Months/years: step from the anchor (never chain, so clamping to the 28th does not stick).
  const per = window === "1M" ? 1 : 12;
  let k = Math.max(
    1,
    Math.floor(
      ((now.getUTCFullYear() - stored.getUTCFullYear()) * 12 + now.getUTCMonth() - stored.getUTCMonth()) / per,
    ) - 1,
  );
  while (addWindows(stored, window, k + 1).getTime() <= now.getTime()) k++;
  return addWindows(stored, window, k);
}

/** Seconds until the calendar bucket containing `now` ends (Retry-After for rate limits). */
export function secondsUntilNextBucket(now: Date, window: BudgetWindow): number {
  const end = addWindows(calendarStart(now, window), window);
  return Math.max(1, Math.ceil((end.getTime() - now.getTime()) / 1000));
}
