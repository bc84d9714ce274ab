// The narrow system path: the only code that reads across tenants, for lookups that must
// happen before a tenant is known (tenant by slug or e-mail domain at sign-in; later the
// API-key hash, SCIM token and IdP issuer). Each function returns the minimum needed to
// establish a tenant; everything after that goes through withTenant.
import "server-only";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/runtime";

export interface TenantRef {
  id: string;
  slug: string;
  name: string;
}

const select = { id: true, slug: true, name: true } as const;

export async function tenantBySlug(slug: string, db?: Database): Promise<TenantRef | null> {
  const { prisma } = db ?? (await getDb());
  return prisma.tenant.findUnique({ where: { slug }, select });
}

export async function tenantById(id: string, db?: Database): Promise<TenantRef | null> {
  const { prisma } = db ?? (await getDb());
  return prisma.tenant.findUnique({ where: { id }, select });
}

/** Sign-in routing: the tenant that claims an e-mail domain. */
export async function tenantByEmailDomain(email: string, db?: Database): Promise<TenantRef | null> {
  const domain = email.split("@")[1]?.toLowerCase().trim();
  if (!domain) return null;
  const { prisma } = db ?? (await getDb());
  return prisma.tenant.findFirst({ where: { domains: { has: domain } }, select });
}

/** Scheduled audit verification and retention visit every tenant; ids only. */
export async function allTenantIds(db?: Database): Promise<string[]> {
  const { prisma } = db ?? (await getDb());
  return (await prisma.tenant.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((t) => t.id);
}

export interface ScimTokenRef {
  tokenId: string;
  tenantId: string;
  tenantSlug: string;
  revoked: boolean;
}

/** SCIM bearer auth: the token row (and its tenant) for a SHA-256 token hash. Nothing else. */
export async function scimTokenByHash(tokenHash: string, db?: Database): Promise<ScimTokenRef | null> {
  const { prisma } = db ?? (await getDb());
  const row = await prisma.scimToken.findUnique({
    where: { tokenHash },
    select: { id: true, tenantId: true, revokedAt: true, tenant: { select: { slug: true } } },
  });
  return row ? { tokenId: row.id, tenantId: row.tenantId, tenantSlug: row.tenant.slug, revoked: row.revokedAt !== null } : null;
}
