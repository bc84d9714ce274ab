// Idempotent demo seed, run as the runtime role: tenants are created in their own tenant
// transaction (lib/tenancy/provision.ts); everything inside a tenant is written through
// withTenant, under RLS, the same way the application writes it. Running it twice changes nothing.
import type { Database } from "@/lib/db/runtime";
import { upsertTenant } from "@/lib/tenancy/provision";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { seedAuditHistory } from "./audit-history";
import { seedCompliance } from "./seed-compliance";
import { seedMonitoring } from "./seed-monitoring";
import { DEMO_TENANTS, type DemoTenant } from "./demo-data";
import { seedApiKeys } from "./seed-api-keys";
import { seedLocalIdp } from "./seed-idp";
import { seedGovernance } from "./seed-governance";
import { seedSaml } from "./seed-saml";
import { seedOperations } from "./seed-operations";
import { seedReports } from "./seed-reports";
import { seedScim } from "./seed-scim";
import { seedPrivacy } from "./seed-privacy";

export interface SeedSummary {
  tenants: number;
  users: number;
  teams: number;
  customers: number;
  auditEntries: number;
  customRoles: number;
}

export async function seedDemo(db: Database, tenants: DemoTenant[] = DEMO_TENANTS): Promise<SeedSummary> {
  const summary: SeedSummary = { tenants: 0, users: 0, teams: 0, customers: 0, auditEntries: 0, customRoles: 0 };
  for (const t of tenants) {
    // The MFA policy is set once; afterwards it belongs to the tenant's admins.
    const tenant = await upsertTenant(
      { slug: t.slug, name: t.name, domains: t.domains, requireMfa: t.requireMfa ?? false },
      db,
    );
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
        const govTeams: { id: string; customerId: string | null }[] = [];
        const govUsers: { id: string; teamId: string | null }[] = [];
        for (const tm of t.teams) {
          const row = await tx.team.upsert({
            where: { tenantId_name: { tenantId: tenant.id, name: tm.name } },
            update: { description: tm.description, customerId: customerIds.get(tm.customer) ?? null },
            create: {
              tenantId: tenant.id,
              name: tm.name,
              description: tm.description,
              customerId: customerIds.get(tm.customer) ?? null,
            },
          });
          teamIds.set(tm.name, row.id);
          govTeams.push({ id: row.id, customerId: row.customerId });
          summary.teams++;
        }
        for (const u of t.users) {
          const user = await tx.user.upsert({
            where: { tenantId_email: { tenantId: tenant.id, email: u.email } },
            update: { name: u.name, role: u.role, active: u.active ?? true },
            create: { tenantId: tenant.id, email: u.email, name: u.name, role: u.role, active: u.active ?? true },
          });
          summary.users++;
          govUsers.push({ id: user.id, teamId: teamIds.get(u.teams[0]) ?? null });
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
        for (const r of t.customRoles ?? []) {
          const teams = r.teams?.map((name) => teamIds.get(name) ?? fail(`demo data: unknown team ${name}`));
          const data = {
            description: r.description,
            permissions: [...r.permissions].sort(),
            resourceScope: teams ? { teams } : undefined,
          };
          const role = await tx.customRole.upsert({
            where: { tenantId_name: { tenantId: tenant.id, name: r.name } },
            update: data,
            create: { tenantId: tenant.id, name: r.name, createdBy: "seed", ...data },
          });
          await tx.user.updateMany({ where: { email: { in: r.assign } }, data: { customRoleId: role.id } });
          summary.customRoles++;
        }
        await seedApiKeys(tx, t.slug);
        await seedLocalIdp(
          tx,
          t.slug,
          t.domains,
          t.users.map((u) => u.email),
        );
        // Governance demo data (providers, keys, limits, 30 days of usage).
        await seedGovernance(tx, {
          tenantId: tenant.id,
          slug: t.slug,
          customers: [...customerIds.values()],
          teams: govTeams,
          users: govUsers,
        });
        await seedSaml(tx, t.slug);
        await seedScim(tx, t.domains[0], t.slug === "acme" ? "okta" : "entra");
        await seedCompliance(tx, t.slug);
      },
      { db, timeout: 60_000 },
    );
    summary.auditEntries += await seedAuditHistory(db, tenant.id, t.slug);
    // After the backdated history (which only seeds an empty chain): privacy steps are audited now.
    await withTenant(tenant.id, (tx) => seedPrivacy(tx, t.slug), { db, timeout: 60_000 });
    // After the history: its alerts come from the real evaluator over real audit rows.
    await seedMonitoring(db, tenant.id, t.domains[0]);
    // Last: the Data report covers the privacy and monitoring steps above.
    await seedReports(db, tenant.id);
    await seedOperations(db, tenant.id, t.domains[0]);
  }
  return summary;
}

function fail(message: string): never {
  throw new Error(message);
}
