// Demo framework applicability: every framework row exists so the console can toggle it; the
// demo says which ones a tenant is not subject to (Globex handles no health data). Idempotent:
// once seeded, applicability belongs to the tenant.
import { type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";
import { FRAMEWORKS, type Framework } from "@/lib/compliance/catalog";

const NOT_APPLICABLE: Record<string, Framework[]> = { acme: [], globex: ["hipaa"] };

export async function seedCompliance(tx: TenantTx, slug: string): Promise<void> {
  const tenantId = await tenantIdOf(tx);
  const off = NOT_APPLICABLE[slug] ?? [];
  await tx.complianceFrameworkSetting.createMany({
    data: FRAMEWORKS.map((framework) => ({ tenantId, framework, applicable: !off.includes(framework) })),
    skipDuplicates: true,
  });
}
