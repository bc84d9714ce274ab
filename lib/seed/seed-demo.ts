// Idempotent demo seed. Tenants are created through the owner connection (they precede any
// tenant scope); everything inside a tenant is written through withTenant, under RLS, the
// same way the application writes it. Running it twice changes nothing.
import type { Database } from "@/lib/db/runtime";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { seedAuditHistory } from "./audit-history";
import { DEMO_TENANTS, type DemoTenant } from "./demo-data";
import { seedScim } from "./seed-scim";

export interface SeedSummary {
  tenants: number;
  users: number;
  teams: number;
  customers: number;
  auditEntries: number;
}

export async function seedDemo(db: Database, tenants: DemoTenant[] = DEMO_TENANTS): Promise<SeedSummary> {
  const summary: SeedSummary = { tenants: 0, users: 0, teams: 0, customers: 0, auditEntries: 0 };
  for (const t of tenants) {
    const tenant = await db.prisma.tenant.upsert({
      where: { slug: t.slug },
      update: { name: t.name, domains: t.domains },
      create: { slug: t.slug, name: t.name, domains: t.domains },
    });
    summary.tenants++;
    await withTenant(
      tenant.id,
      async (tx) => {
        const customerIds = new Map<string, string>();
        for (const c of t.customers) {
          const row = await tx.customer.upsert({
            where: { tenantId_name: { tenantId: tenant.id, name: c.name } },
            update: { description: c.description },
            create: { tenantId: tenant.id, name: c.name, description: c.description },
          });
          customerIds.set(c.name, row.id);
          summary.customers++;
        }
        const teamIds = new Map<string, string>();
        for (const tm of t.teams) {
          const row = await tx.team.upsert({
            where: { tenantId_name: { tenantId: tenant.id, name: tm.name } },
            update: { description: tm.description, customerId: customerIds.get(tm.customer) ?? null },
            create: { tenantId: tenant.id, name: tm.name, description: tm.description, customerId: customerIds.get(tm.customer) ?? null },
          });
          teamIds.set(tm.name, row.id);
          summary.teams++;
        }
        for (const u of t.users) {
          const user = await tx.user.upsert({
            where: { tenantId_email: { tenantId: tenant.id, email: u.email } },
            update: { name: u.name, role: u.role, active: u.active ?? true },
            create: { tenantId: tenant.id, email: u.email, name: u.name, role: u.role, active: u.active ?? true },
          });
          summary.users++;
          for (const teamName of u.teams) {
            const teamId = teamIds.get(teamName);
            if (!teamId) throw new Error(`demo data: unknown team ${teamName}`);
            await tx.teamMembership.upsert({
              where: { teamId_userId: { teamId, userId: user.id } },
              update: {},
              create: { tenantId: tenant.id, teamId, userId: user.id, source: "seed" },
            });
          }
        }
        await seedScim(tx, tenant.id, t.domains[0], t.slug === "acme" ? "okta" : "entra");
      },
      { db, timeout: 60_000 },
    );
    summary.auditEntries += await seedAuditHistory(db, tenant.id, t.slug);
  }
  return summary;
}
