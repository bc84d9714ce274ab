// The demo's operations settings: a weekly access-review schedule and an audit stream to the
// tenant's SIEM, both paused (the demo sends nothing anywhere until an admin enables them), and
// the first admin's console session history (two ended sessions; live ones come from signing in),
// the first admin's accepted invitation, one support-access grant that has long expired, and one
// used break-glass code of the first admin (ADR 0039).
// Idempotent: a tenant that has any of them is left alone for that part.
import { randomUUID } from "node:crypto";
import { unusableHash } from "@/lib/crypto/tokens";
import type { Database } from "@/lib/db/runtime";
import { nextRunAfter } from "@/lib/reports/schedules";
import { withTenant } from "@/lib/tenancy/with-tenant";

export async function seedOperations(db: Database, tenantId: string, domain: string): Promise<void> {
  await withTenant(
    tenantId,
    async (tx) => {
      const admin = await tx.user.findFirst({
        where: { role: "admin", active: true, customRoleId: null },
        orderBy: { email: "asc" },
      });
      if (!admin) return;
      if ((await tx.reportSchedule.count()) === 0) {
        const cadence = { cadence: "weekly", weekday: 1, dayOfMonth: null, hour: 6 };
        await tx.reportSchedule.create({
          data: {
            tenantId,
            name: "Weekly access review",
            type: "access",
            format: "pdf",
            windowDays: 7,
            ...cadence,
            channels: ["email"],
            emailTo: [`compliance@${domain}`],
            enabled: false,
            nextRunAt: nextRunAfter(cadence, new Date()),
            createdBy: admin.id,
            createdByKind: "user",
          },
        });
      }
      if ((await tx.consoleSession.count()) === 0) {
        const day = 24 * 3600_000;
        const at = (daysAgo: number, minutes = 0) => new Date(Date.now() - daysAgo * day + minutes * 60_000);
        const ua =
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
        await tx.consoleSession.createMany({
          data: [
            {
              id: randomUUID(),
              tenantId,
              userId: admin.id,
              method: "oidc",
              providerName: "Demo identity provider",
              mfa: true,
              ip: "198.51.100.24",
              device: ua,
              createdAt: at(3),
              lastSeenAt: at(3, 95),
              expiresAt: at(3, 480),
              endedAt: at(3, 96),
              endReason: "signed_out",
              endedBy: admin.id,
            },
            {
              id: randomUUID(),
              tenantId,
              userId: admin.id,
              method: "oidc",
              providerName: "Demo identity provider",
              mfa: true,
              ip: "198.51.100.24",
              device: ua,
              createdAt: at(2),
              lastSeenAt: at(2, 30),
              expiresAt: at(2, 480),
              endedAt: at(2, 91),
              endReason: "idle",
            },
          ],
        });
      }
      if ((await tx.adminInvitation.count()) === 0) {
        // History only: accepted 30 days ago; its token was never sent anywhere (only a hash is kept).
        const sent = new Date(Date.now() - 31 * 24 * 3600_000);
        await tx.adminInvitation.create({
          data: {
            id: `inv_${randomUUID().replace(/-/g, "")}`,
            tenantId,
            email: admin.email,
            tokenHash: unusableHash(),
            expiresAt: new Date(sent.getTime() + 72 * 3600_000),
            acceptedAt: new Date(sent.getTime() + 3600_000),
            createdBy: "platform",
            createdAt: sent,
          },
        });
      }
      if ((await tx.breakGlassCode.count()) === 0) {
        // History only: a break-glass code the first admin issued 40 days ago, used up long since
        // (break-glass itself stays off; the code was never shown anywhere, only a hash is kept).
        const issued = new Date(Date.now() - 40 * 24 * 3600_000);
        await tx.breakGlassCode.create({
          data: {
            id: `bgc_${randomUUID().replace(/-/g, "")}`,
            tenantId,
            userId: admin.id,
            codeHash: unusableHash(),
            expiresAt: new Date(issued.getTime() + 24 * 3600_000),
            usedAt: new Date(issued.getTime() + 3600_000),
            createdAt: issued,
          },
        });
      }
      if ((await tx.supportGrant.count()) === 0) {
        // An expired grant to a former operator: it admits nobody and shows in Settings as history.
        const granted = new Date(Date.now() - 20 * 24 * 3600_000);
        await tx.supportGrant.create({
          data: {
            tenantId,
            operatorId: "opr_demo_former",
            operatorEmail: "former.operator@platform.warden.test",
            role: "read_only",
            reason: "Demo: onboarding check of the SSO settings",
            grantedBy: admin.id,
            createdAt: granted,
            expiresAt: new Date(granted.getTime() + 4 * 3600_000),
          },
        });
      }
      if ((await tx.auditStream.count()) === 0) {
        await tx.auditStream.create({
          data: {
            tenantId,
            name: "SIEM (paused)",
            kind: "webhook",
            config: { url: `https://siem.${domain}/warden/audit` },
            enabled: false,
          },
        });
      }
    },
    { db },
  );
}
