// Saved reports for the demo tenants, generated through lib/reports exactly as the console does
// (so the history shows real files with real hashes). Idempotent: a tenant with reports is left alone.
import type { Database } from "@/lib/db/runtime";
import { personAccess } from "@/lib/rbac/authorize";
import { createReport, reportSettled } from "@/lib/reports/service";
import type { ReportRequest } from "@/lib/reports/spec";
import { withTenant } from "@/lib/tenancy/with-tenant";

const EMPTY = { users: [], teams: [], customers: [], event_types: [] };

export async function seedReports(db: Database, tenantId: string): Promise<number> {
  const { existing, admin, held } = await withTenant(
    tenantId,
    async (tx) => {
      const admin = await tx.user.findFirst({
        where: { role: "admin", active: true, customRoleId: null },
        orderBy: { email: "asc" },
      });
      return {
        existing: await tx.report.count(),
        admin,
        held: admin ? await personAccess(tx, { id: admin.id }) : null,
      };
    },
    { db },
  );
  if (existing > 0 || !admin || !held) return 0;
  const requests: ReportRequest[] = [
    { type: "compliance", range: "30d", format: "pdf", filters: EMPTY },
    { type: "access", range: "30d", format: "csv", filters: { ...EMPTY, event_types: ["auth.login_failed"] } },
    { type: "usage", range: "7d", format: "json", filters: EMPTY },
  ];
  for (const r of requests) {
    const report = await createReport(
      {
        tenantId,
        db,
        permissions: held.access.permissions,
        actor: {
          kind: "user",
          subject: admin.id,
          userId: admin.id,
          authMethod: "session",
          displayName: admin.name ?? undefined,
          email: admin.email,
        },
      },
      r,
    );
    await reportSettled(report.id);
  }
  return requests.length;
}
