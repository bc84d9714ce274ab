// The demo's operations settings: a weekly access-review schedule and an audit stream to the
// tenant's SIEM, both paused (the demo sends nothing anywhere until an admin enables them).
// Idempotent: a tenant that has either is left alone.
import type { Database } from "@/lib/db/runtime";
import { nextRunAfter } from "@/lib/reports/schedules";
import { withTenant } from "@/lib/tenancy/with-tenant";

export async function seedOperations(db: Database, tenantId: string, domain: string): Promise<void> {
  await withTenant(tenantId, async (tx) => {
    const admin = await tx.user.findFirst({ where: { role: "admin", active: true, customRoleId: null }, orderBy: { email: "asc" } });
    if (!admin) return;
    if ((await tx.reportSchedule.count()) === 0) {
      const cadence = { cadence: "weekly", weekday: 1, dayOfMonth: null, hour: 6 };
      await tx.reportSchedule.create({
        data: {
          tenantId, name: "Weekly access review", type: "access", format: "pdf", windowDays: 7, ...cadence,
          channels: ["email"], emailTo: [`compliance@${domain}`], enabled: false,
          nextRunAt: nextRunAfter(cadence, new Date()), createdBy: admin.id, createdByKind: "user",
        },
      });
    }
    if ((await tx.auditStream.count()) === 0) {
      await tx.auditStream.create({
        data: { tenantId, name: "SIEM (paused)", kind: "webhook", config: { url: `https://siem.${domain}/warden/audit` }, enabled: false },
      });
    }
  }, { db });
}
