// Creating a tenant needs nothing beyond the runtime role (ADR 0014): the row is written inside
// its own tenant transaction, with the id chosen here, so forced RLS on `tenants` (id =
// app.tenant_id) admits exactly that row. Used by the seed, the benchmarks and tests.
import "server-only";
import { randomUUID } from "node:crypto";
import type { Database } from "@/lib/db/runtime";
import { provisionTenantKey } from "@/lib/crypto/tenant-key";
import { tenantBySlug, type TenantRef } from "./system";
import { withTenant } from "./with-tenant";

export interface NewTenant {
  slug: string;
  name: string;
  domains?: string[];
  requireMfa?: boolean;
}

const select = { id: true, slug: true, name: true } as const;

export async function createTenant(input: NewTenant, db?: Database): Promise<TenantRef> {
  const id = `tn_${randomUUID().replace(/-/g, "")}`;
  return withTenant(
    id,
    async (tx) => {
      const row = await tx.tenant.create({ data: { id, ...input }, select });
      await provisionTenantKey(tx); // ADR 0035: a new tenant has its own key from the start
      return row;
    },
    { db },
  );
}

/** Idempotent by slug: an existing tenant gets the new name and domains (its MFA policy is its own). */
export async function upsertTenant(input: NewTenant, db?: Database): Promise<TenantRef> {
  const existing = await tenantBySlug(input.slug, db);
  if (!existing) return createTenant(input, db);
  const data = { name: input.name, ...(input.domains ? { domains: input.domains } : {}) };
  return withTenant(existing.id, (tx) => tx.tenant.update({ where: { id: existing.id }, data, select }), { db });
}
