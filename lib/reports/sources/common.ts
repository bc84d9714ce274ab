// The shapes every report source shares: a row, the snapshot the detail rows stop at, and Source.
import "server-only";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import type { ReportParams, ReportSummary } from "../spec";

export type Cell = string | number | null;
export type Row = Record<string, Cell>;

/** Where the detail rows stop: audit entries up to the chain head captured at generation time. */
export interface Snapshot {
  uptoSeq: number;
}

export interface Source {
  columns: string[];
  summary(tx: TenantTx, p: ReportParams, s: Snapshot): Promise<ReportSummary>;
  /** Keyset batches in ascending order; cursor null starts, a null next ends. */
  batch(
    tx: TenantTx,
    p: ReportParams,
    s: Snapshot,
    cursor: string | null,
    limit: number,
  ): Promise<{ rows: Row[]; next: string | null }>;
}

export const n = (v: unknown) => Number(v ?? 0);

/** One point per UTC day of the window (zero days included), at most 92 points. */
export function fillDays(p: ReportParams, counts: Map<string, number>): { label: string; value: number }[] {
  const out: { label: string; value: number }[] = [];
  const start = new Date(p.from.slice(0, 10) + "T00:00:00Z").getTime();
  const end = Date.parse(p.to);
  for (let t = start; t < end && out.length < 92; t += 86_400_000) {
    const d = new Date(t).toISOString().slice(0, 10);
    out.push({ label: d, value: counts.get(d) ?? 0 });
  }
  return out;
}
