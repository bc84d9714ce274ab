// Settlement queue: answered requests are settled in batches, one transaction per tenant at a
// time (group commit). Under load this turns N settlement transactions on the same hot budget
// rows into a few, which keeps those rows' locks free for admissions. A reservation stays held
// until its batch commits, so a budget is only ever more conservative meanwhile.
import "server-only";
import type { Database } from "@/lib/db/runtime";
import { settleBatch, type SettleItem } from "@/lib/governance/settle-batch";
import { withTenantSql } from "@/lib/governance/tenant-sql";

const queues = new Map<string, { db: Database; items: SettleItem[] }>();
const running = new Map<string, Promise<void>>();

async function drain(tenantId: string): Promise<void> {
  for (;;) {
    const q = queues.get(tenantId);
    if (!q || q.items.length === 0) break;
    const items = q.items.splice(0, 1000);
    try {
      await withTenantSql(q.db, tenantId, (sql) => settleBatch(sql, items));
    } catch (e) {
      // One retry as single items, so one bad row cannot strand a whole batch's reservations.
      console.error("[warden-gateway] batch settlement failed, retrying one by one", e);
      for (const it of items) {
        await withTenantSql(q.db, tenantId, (sql) => settleBatch(sql, [it])).catch((err) => console.error(`[warden-gateway] ${it.u.requestId} settlement failed`, err));
      }
    }
  }
  running.delete(tenantId);
}

export function enqueueSettlement(db: Database, item: SettleItem): void {
  const tenantId = item.actor.tenantId;
  const q = queues.get(tenantId) ?? { db, items: [] };
  q.items.push(item);
  queues.set(tenantId, q);
  if (!running.has(tenantId)) running.set(tenantId, drain(tenantId));
}

/** Resolves when every queued settlement has committed (tests, graceful shutdown). */
export async function settled(): Promise<void> {
  while (running.size) await Promise.all([...running.values()]);
}
