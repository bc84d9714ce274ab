// The Audit page's URL is its state: filters, page cursor, the trail of newer cursors and the
// open entry. This module turns search params into lib/audit filters and back into links, so
// every view (and every entry) has a shareable address. Pure: no database, no request.
import type { FilterValues } from "@/components/audit/types";
import { firstParam, type SearchParamValue } from "@/lib/search-params";

export type SearchParams = Record<string, string | string[] | undefined>;

export const RANGES = { "24h": 24, "7d": 24 * 7, "30d": 24 * 30 } as const;
const FILTER_KEYS = ["range", "from", "to", "actor", "action", "category", "outcome", "target", "q"] as const;
const CURSOR = /^\d{1,18}$/;
/** The newest page has no cursor; "top" stands for it inside the trail. */
const TOP = "top";
const MAX_TRAIL = 50;

export interface AuditSearchState {
  form: FilterValues;
  /** Filters in the explorer API's vocabulary (ISO times with offsets); validated later by zod. */
  filters: Record<string, string>;
  cursor?: string;
  trail: string[];
  entry?: string;
}

const one = (v: SearchParamValue) => firstParam(v)?.trim() ?? "";

/** A datetime-local value ("2026-11-22T09:30") is read as UTC; full ISO values pass unchanged. */
export function toIso(local: string): string {
  if (!local) return "";
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return `${local}:00Z`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(local)) return `${local}T00:00:00Z`;
  return local;
}

export function parseAuditSearch(sp: SearchParams, now: Date = new Date()): AuditSearchState {
  const form = Object.fromEntries(FILTER_KEYS.map((k) => [k, one(sp[k])])) as unknown as FilterValues;
  if (!form.range) form.range = form.from || form.to ? "custom" : "all";
  const filters: Record<string, string> = {};
  for (const k of ["actor", "action", "category", "outcome", "target", "q"] as const) if (form[k]) filters[k] = form[k];
  const hours = RANGES[form.range as keyof typeof RANGES];
  if (hours) filters.from = new Date(now.getTime() - hours * 3_600_000).toISOString();
  if (form.range === "custom") {
    if (form.from) filters.from = toIso(form.from);
    if (form.to) filters.to = toIso(form.to);
  }
  const cursor = one(sp.cursor);
  const trail = one(sp.prev)
    .split(",")
    .filter((c) => c === TOP || CURSOR.test(c))
    .slice(-MAX_TRAIL);
  const entry = one(sp.entry);
  return { form, filters, cursor: cursor || undefined, trail, entry: entry || undefined };
}

function filterParams(form: FilterValues): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = form[k];
    if (!v || (k === "range" && v === "all")) continue;
    if ((k === "from" || k === "to") && form.range !== "custom") continue;
    p.set(k, v);
  }
  return p;
}

const href = (p: URLSearchParams) => (p.size ? `/audit?${p}` : "/audit");

/** The current view (filters and page), optionally with an entry open in the drawer. */
export function viewHref(s: AuditSearchState, entry?: string): string {
  const p = filterParams(s.form);
  if (s.cursor) p.set("cursor", s.cursor);
  if (s.trail.length) p.set("prev", s.trail.join(","));
  if (entry) p.set("entry", entry);
  return href(p);
}

export function olderHref(s: AuditSearchState, nextCursor: string): string {
  const p = filterParams(s.form);
  p.set("cursor", nextCursor);
  p.set("prev", [...s.trail, s.cursor ?? TOP].slice(-MAX_TRAIL).join(","));
  return href(p);
}

/** Back one page: the last cursor on the trail (or the newest page). Null on the newest page. */
export function newerHref(s: AuditSearchState): string | null {
  if (!s.cursor) return null;
  const p = filterParams(s.form);
  const trail = [...s.trail];
  const last = trail.pop();
  if (last && last !== TOP) p.set("cursor", last);
  if (trail.length) p.set("prev", trail.join(","));
  return href(p);
}

export function newestHref(s: AuditSearchState): string {
  return href(filterParams(s.form));
}

export function exportHref(s: AuditSearchState, format: "json" | "jsonl" | "csv"): string {
  const p = new URLSearchParams({ format, ...s.filters });
  return `/v1/audit/export?${p}`;
}
