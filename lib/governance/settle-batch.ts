// Settles many answered requests in ONE transaction: per budget (and window) one UPDATE that
// releases the summed reservations and adds the summed cost, per rate bucket one UPDATE, and
// one multi-row INSERT of usage records. Rows are locked in the admission's global order
// (rate buckets, then budgets; each by level, then id), so admissions and settlements never
// deadlock. Amounts are summed exactly as integers of 1e-10 USD.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import type { Admission } from "./admission";
import { costUsd, usdString } from "./pricing";
import type { UsageFacts } from "./settle";
import type { Sql } from "./tenant-sql";
import { currentWindowStart } from "./windows";

export interface SettleItem {
  actor: Actor;
  a: Admission;
  u: UsageFacts;
}

const toUnits = (usd: string) => BigInt(usd.replace(".", ""));
const fromUnits = (n: bigint) => `${n / 10_000_000_000n}.${(n % 10_000_000_000n).toString().padStart(10, "0")}`;
const cmp = (a: [number, string, number], b: [number, string, number]) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) || a[2] - b[2];

export async function settleBatch(sql: Sql, items: SettleItem[]): Promise<void> {
  const rates = new Map<string, { key: [number, string, number]; id: string; bucket: Date; tokens: number }>();
  const budgets = new Map<string, { key: [number, string, number]; id: string; ws: Date; release: bigint; spend: bigint }>();
  const usage: unknown[][] = [];
  for (const { actor, a, u } of items) {
    const cost = usdString(costUsd(a.price, u.promptTokens, u.completionTokens));
    const tokens = u.promptTokens + u.completionTokens;
    for (const r of a.rateBuckets) {
      const k = `${r.id}|${r.bucketStart.getTime()}`;
      const e = rates.get(k) ?? { key: [r.rank, r.id, r.bucketStart.getTime()] as [number, string, number], id: r.id, bucket: r.bucketStart, tokens: 0 };
      e.tokens += tokens;
      rates.set(k, e);
    }
    for (const b of a.budgets) {
      const ws = currentWindowStart(b.windowStart, u.now, b.window, b.mode);
      const k = `${b.id}|${ws.getTime()}`;
      const e = budgets.get(k) ?? { key: [b.rank, b.id, ws.getTime()] as [number, string, number], id: b.id, ws, release: 0n, spend: 0n };
      e.release += toUnits(a.reservedUsd);
      e.spend += toUnits(cost);
      budgets.set(k, e);
    }
    const l = a.levels;
    usage.push([actor.tenantId, u.requestId, l.virtualKeyId ?? null, l.userId ?? null, l.teamId ?? null, l.customerId ?? null,
      a.provider.name, a.upstreamModel, u.promptTokens, u.completionTokens, cost, u.latencyMs, u.status, u.httpStatus, u.stream, u.now]);
  }
  for (const r of [...rates.values()].sort((x, y) => cmp(x.key, y.key))) {
    if (r.tokens > 0) await sql.query("UPDATE rate_limit_counters SET tokens = tokens + $1 WHERE rate_limit_id = $2 AND bucket_start = $3", [r.tokens, r.id, r.bucket], "warden_gw_tokens");
  }
  for (const b of [...budgets.values()].sort((x, y) => cmp(x.key, y.key))) {
    // Reservations are released whatever window we are in now; spend lands in the current one.
    await sql.query(
      `UPDATE budgets SET
         reserved_usd = GREATEST(reserved_usd - $2::numeric, 0),
         spent_usd = (CASE WHEN window_start < $3 THEN 0 ELSE spent_usd END) + $4::numeric,
         window_start = GREATEST(window_start, $3)
        WHERE id = $1`,
      [b.id, fromUnits(b.release), b.ws, fromUnits(b.spend)],
      "warden_gw_settle",
    );
  }
  for (let i = 0; i < usage.length; i += 500) {
    const chunk = usage.slice(i, i + 500);
    const values = chunk.map((_, r) => `(${Array.from({ length: 16 }, (_, c) => `$${r * 16 + c + 1}${c === 10 ? "::numeric" : ""}`).join(", ")})`).join(", ");
    await sql.query(
      `INSERT INTO usage_records (tenant_id, request_id, virtual_key_id, user_id, team_id, customer_id, provider, model,
         prompt_tokens, completion_tokens, cost_usd, latency_ms, status, http_status, stream, ts) VALUES ${values}`,
      chunk.flat(),
    );
  }
}
