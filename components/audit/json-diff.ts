// A small structural diff for an entry's details.before / details.after: nested objects are
// flattened to dotted paths so a changed leaf is shown as one line, arrays compare as values.

export type DiffKind = "added" | "removed" | "changed" | "same";

export interface DiffLine {
  path: string;
  kind: DiffKind;
  before?: unknown;
  after?: unknown;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function flatten(value: unknown, prefix: string, out: Map<string, unknown>) {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix || !isPlainObject(value)) {
    // An empty object at the root is "nothing recorded"; deeper down it is a real value.
    out.set(prefix || "(value)", value);
  }
  return out;
}

/** Stable comparison that ignores key order inside nested objects. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => same(x, (b as unknown[])[i]));
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length &&
    ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

export function jsonDiff(before: unknown, after: unknown): DiffLine[] {
  const a = flatten(before ?? {}, "", new Map());
  const b = flatten(after ?? {}, "", new Map());
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths.map((path) => {
    if (!a.has(path)) return { path, kind: "added", after: b.get(path) };
    if (!b.has(path)) return { path, kind: "removed", before: a.get(path) };
    const x = a.get(path);
    const y = b.get(path);
    return same(x, y) ? { path, kind: "same", before: x, after: y } : { path, kind: "changed", before: x, after: y };
  });
}

/** details.before / details.after when the entry recorded a change, else null. */
export function beforeAfter(details: Record<string, unknown>): { before: unknown; after: unknown } | null {
  if (!("before" in details) && !("after" in details)) return null;
  return { before: details.before ?? null, after: details.after ?? null };
}

export function show(v: unknown): string {
  if (v === undefined) return "";
  return typeof v === "string" ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
}
