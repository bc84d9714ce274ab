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

export interface ApiKeyLookup {
  id: string;
  tenantId: string;
  tenantSlug: string;
  secretHash: string;
  role: string;
  scopes: string[];
  source: string;
  name: string;
  expiresAt: Date;
  revokedAt: Date | null;
  replacedBy: string | null;
  overlapUntil: Date | null;
  lastUsedAt: Date | null;
  /**
   * False when the key was created by a user of its tenant who is now inactive; null when the
   * creator is not a user (seed, system, SAML, another key). Deactivation also revokes the
   * user's keys; this is the second lock, for keys a revocation missed.
   */
  creatorActive: boolean | null;
}

/** Bearer authentication: the API key whose secret hashes to `secretHash`, with its tenant. */
export async function apiKeyByHash(secretHash: string, db?: Database): Promise<ApiKeyLookup | null> {
  const { prisma } = db ?? (await getDb());
  const row = await prisma.apiKey.findUnique({
    where: { secretHash },
    select: {
      id: true, tenantId: true, secretHash: true, role: true, scopes: true, source: true, name: true,
      expiresAt: true, revokedAt: true, replacedBy: true, overlapUntil: true, lastUsedAt: true, createdBy: true,
      tenant: { select: { slug: true } },
    },
  });
  if (!row) return null;
  const { tenant, createdBy, ...rest } = row;
  // created_by is a plain id (no FK: keys also come from seeds, SAML and other keys), so the
  // creator is looked up in the key's own tenant only.
  const creator = await prisma.user.findFirst({ where: { id: createdBy, tenantId: row.tenantId }, select: { active: true } });
  return { ...rest, tenantSlug: tenant.slug, creatorActive: creator ? creator.active : null };
}

export interface IdentityProviderRef {
  id: string;
  tenantId: string;
  tenantSlug: string;
  type: string;
  name: string;
  issuer: string | null;
  clientId: string | null;
  clientSecretSealed: string | null;
  emailDomains: string[];
}

/** Auth.js builds its provider list per request from these (enabled, non-SAML rows). */
export async function enabledIdentityProviders(db?: Database): Promise<IdentityProviderRef[]> {
  const { prisma } = db ?? (await getDb());
  const rows = await prisma.identityProvider.findMany({
    where: { enabled: true, type: { in: ["okta", "entra", "oidc"] } },
    select: { id: true, tenantId: true, type: true, name: true, issuer: true, clientId: true, clientSecretSealed: true, emailDomains: true, tenant: { select: { slug: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(({ tenant, ...r }) => ({ ...r, tenantSlug: tenant.slug, emailDomains: r.emailDomains ?? [] }));
}

/** Sign-in page: the tenants that have at least one enabled browser IdP ("choose your organization"). */
export async function tenantsWithSignIn(db?: Database): Promise<TenantRef[]> {
  const { prisma } = db ?? (await getDb());
  return prisma.tenant.findMany({ where: { identityProviders: { some: { enabled: true } } }, select, orderBy: { name: "asc" } });
}

/**
 * Sliding-window sign-in throttle, stored in the database so it holds across instances and
 * restarts. Records one attempt under each key and returns how many attempts each key has in
 * the window (including this one). Old rows are pruned on the way.
 */
export async function recordSignInAttempt(keys: string[], windowMs: number, db?: Database): Promise<Record<string, number>> {
  const { prisma } = db ?? (await getDb());
  const since = new Date(Date.now() - windowMs);
  const out: Record<string, number> = {};
  await prisma.$transaction(async (tx) => {
    await tx.signInAttempt.deleteMany({ where: { key: { in: keys }, at: { lt: since } } });
    await tx.signInAttempt.createMany({ data: keys.map((key) => ({ key })) });
    for (const key of keys) out[key] = await tx.signInAttempt.count({ where: { key, at: { gte: since } } });
  });
  return out;
}

/** The sign-in throttle's counts per key in the window, without recording an attempt. */
export async function countSignInAttempts(keys: string[], windowMs: number, db?: Database): Promise<Record<string, number>> {
  const { prisma } = db ?? (await getDb());
  const since = new Date(Date.now() - windowMs);
  const out: Record<string, number> = {};
  for (const key of keys) out[key] = await prisma.signInAttempt.count({ where: { key, at: { gte: since } } });
  return out;
}

export interface SignInOption {
  id: string;
  name: string;
  type: string;
  emailDomains: string[];
}

/** Sign-in page: a tenant's enabled browser sign-in providers (never secrets). */
export async function signInOptionsForTenant(tenantId: string, db?: Database): Promise<SignInOption[]> {
  const { prisma } = db ?? (await getDb());
  const rows = await prisma.identityProvider.findMany({
    where: { tenantId, enabled: true, type: { in: ["okta", "entra", "oidc", "saml"] } },
    select: { id: true, name: true, type: true, emailDomains: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => ({ ...r, emailDomains: r.emailDomains ?? [] }));
}

export interface VirtualKeyRef {
  id: string;
  tenantId: string;
  tenantSlug: string;
}

/** Gateway authentication: the tenant of a virtual key, found by the hash of its secret. */
export async function virtualKeyByHash(secretHash: string, db?: Database): Promise<VirtualKeyRef | null> {
  const { prisma } = db ?? (await getDb());
  const row = await prisma.virtualKey.findUnique({ where: { secretHash }, select: { id: true, tenantId: true, tenant: { select: { slug: true } } } });
  return row ? { id: row.id, tenantId: row.tenantId, tenantSlug: row.tenant.slug } : null;
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

/** Erasure: the sign-in throttle's rows keyed by an erased person's e-mail (a pre-tenant table). */
export async function forgetSignInAttempts(email: string, db?: Database): Promise<number> {
  const { prisma } = db ?? (await getDb());
  const key = `email:${email.trim().toLowerCase()}`;
  // Failures are keyed "email:<address>|ip:<addr>" (lib/auth/sso/throttle.ts).
  const r = await prisma.signInAttempt.deleteMany({ where: { OR: [{ key }, { key: { startsWith: `${key}|` } }] } });
  return r.count;
}
