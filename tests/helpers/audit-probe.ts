// Counts a tenant's audit entries for one action through the owner connection (no tenant
// transaction, so RLS does not apply): tests use it to prove a request left its trail.
import type { Database } from "@/lib/db/runtime";

export async function auditCount(db: Database, tenantId: string, action: string): Promise<number> {
  const [{ n }] = await db.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM audit_entries WHERE tenant_id = ${tenantId} AND action = ${action}`;
  return Number(n);
}
