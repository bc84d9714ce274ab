// Counts a tenant's audit entries for one action in the tenant's own transaction: tests use it
// to prove a request left its trail.
import type { Database } from "@/lib/db/runtime";
import { withTenant } from "@/lib/tenancy/with-tenant";

export async function auditCount(db: Database, tenantId: string, action: string): Promise<number> {
  return withTenant(tenantId, (tx) => tx.auditEntry.count({ where: { action } }), { db });
}
