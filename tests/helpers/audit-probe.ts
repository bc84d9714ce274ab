// Reads audit entries when the audit trail's table exists. While appendAudit is still the
// interim no-op (before the audit-trail work merges) there is no table and this returns null;
// callers then assert on the event the refused request carried instead.
import type { Database } from "@/lib/db/runtime";

export async function auditCount(db: Database, tenantId: string, action: string): Promise<number | null> {
  const [{ exists }] = await db.prisma.$queryRaw<{ exists: boolean }[]>`SELECT to_regclass('public.audit_entries') IS NOT NULL AS exists`;
  if (!exists) return null;
  const [{ n }] = await db.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM audit_entries WHERE tenant_id = $1 AND action = $2`, tenantId, action);
  return Number(n);
}
