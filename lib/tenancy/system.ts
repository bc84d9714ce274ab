// The narrow system path: the only code that reads across tenants, for lookups that must
// happen before a tenant is known (tenant by slug or e-mail domain at sign-in, the API-key,
// virtual-key and SCIM token hashes, the enabled IdPs and bearer issuers, every tenant id for scheduled jobs).
// Each one calls a SECURITY DEFINER function of the warden_system schema (migration
// least_privilege_roles, ADR 0014): the runtime role itself cannot read another tenant's row.
// The functions return ids, slugs, names and hashes only; anything more is read afterwards
// inside the tenant's own transaction. They refuse to run inside a tenant transaction.
import "server-only";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/runtime";
import { withTenant } from "./with-tenant";
import { tenantKeyFor } from "@/lib/crypto/tenant-key";

export interface TenantRef {
  id: string;
  slug: string;
  name: string;
}

export async function tenantBySlug(slug: string, db?: Database): Promise<TenantRef | null> {
  const { prisma } = db ?? (await getDb());
  const rows = await prisma.$queryRaw<TenantRef[]>`SELECT id, slug, name FROM warden_system.tenant_by_slug(${slug})`;
  return rows[0] ?? null;
}

export async function tenantById(id: string, db?: Database): Promise<TenantRef | null> {
  const { prisma } = db ?? (await getDb());
  const rows = await prisma.$queryRaw<TenantRef[]>`SELECT id, slug, name FROM warden_system.tenant_by_id(${id})`;
  return rows[0] ?? null;
}

/** Whether the tenant is suspended by a platform operator (lib/tenancy/suspension.ts caches it). */
export async function tenantSuspended(id: string, db?: Database): Promise<boolean> {
  const { prisma } = db ?? (await getDb());
  const rows = await prisma.$queryRaw<{ s: boolean }[]>`SELECT warden_system.tenant_suspended(${id}) AS s`;
  return rows[0]?.s === true;
}

/** Sign-in routing: the tenant that claims an e-mail domain. */
export async function tenantByEmailDomain(email: string, db?: Database): Promise<TenantRef | null> {
  const domain = email.split("@")[1]?.toLowerCase().trim();
  if (!domain) return null;
  const { prisma } = db ?? (await getDb());
  const rows = await prisma.$queryRaw<
    TenantRef[]
  >`SELECT id, slug, name FROM warden_system.tenant_by_email_domain(${domain})`;
  return rows[0] ?? null;
}

/** Scheduled audit verification and retention visit every tenant; ids only. */
export async function allTenantIds(db?: Database): Promise<string[]> {
  const { prisma } = db ?? (await getDb());
  return (await prisma.$queryRaw<{ id: string }[]>`SELECT id FROM warden_system.tenant_ids() AS id`).map((r) => r.id);
}

/** The tenant a secret's hash belongs to (API keys, virtual keys): ids only. */
interface KeyRef {
  id: string;
  tenant_id: string;
  tenant_slug: string;
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
  const [ref] = await prisma.$queryRaw<
    KeyRef[]
  >`SELECT id, tenant_id, tenant_slug FROM warden_system.api_key_by_hash(${secretHash})`;
  if (!ref) return null;
  return withTenant(
    ref.tenant_id,
    async (tx) => {
      const row = await tx.apiKey.findUnique({
        where: { id: ref.id },
        select: {
          id: true,
          tenantId: true,
          secretHash: true,
          role: true,
          scopes: true,
          source: true,
          name: true,
          expiresAt: true,
          revokedAt: true,
          replacedBy: true,
          overlapUntil: true,
          lastUsedAt: true,
          createdBy: true,
        },
      });
      if (!row) return null;
      const { createdBy, ...rest } = row;
      // created_by is a plain id (no FK: keys also come from seeds, SAML and other keys); RLS keeps
      // the creator lookup in the key's own tenant.
      const creator = await tx.user.findFirst({ where: { id: createdBy }, select: { active: true } });
      return { ...rest, tenantSlug: ref.tenant_slug, creatorActive: creator ? creator.active : null };
    },
    { db },
  );
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

/**
 * Auth.js builds its provider list per request from these (enabled, non-SAML rows). The lookup
 * returns public settings only; each tenant's sealed client secrets are read in its own transaction.
 */
export async function enabledIdentityProviders(db?: Database): Promise<IdentityProviderRef[]> {
  const { prisma } = db ?? (await getDb());
  const rows = await prisma.$queryRaw<
    {
      id: string;
      tenant_id: string;
      tenant_slug: string;
      type: string;
      name: string;
      issuer: string | null;
      client_id: string | null;
      email_domains: string[] | null;
    }[]
  >`SELECT id, tenant_id, tenant_slug, type, name, issuer, client_id, email_domains FROM warden_system.enabled_identity_providers()`;
  const secrets = new Map<string, string | null>();
  for (const tenantId of new Set(rows.map((r) => r.tenant_id))) {
    const ids = rows.filter((r) => r.tenant_id === tenantId).map((r) => r.id);
    const sealed = await withTenant(
      tenantId,
      async (tx) => {
        await tenantKeyFor(tx); // the secrets open with the tenant's key (ADR 0035)
        return tx.identityProvider.findMany({
          where: { id: { in: ids } },
          select: { id: true, clientSecretSealed: true },
        });
      },
      { db },
    );
    for (const s of sealed) secrets.set(s.id, s.clientSecretSealed);
  }
  return rows.map((r) => ({
    id: r.id,
    tenantId: r.tenant_id,
    tenantSlug: r.tenant_slug,
    type: r.type,
    name: r.name,
    issuer: r.issuer,
    clientId: r.client_id,
    clientSecretSealed: secrets.get(r.id) ?? null,
    emailDomains: r.email_domains ?? [],
  }));
}

export interface BearerIdentityProviderRef {
  id: string;
  tenantId: string;
  tenantSlug: string;
  /** As stored (no trailing slash). */
  issuer: string;
  audience: string;
}

/**
 * Bearer JWTs: the enabled OIDC / Okta / Entra providers, of any tenant, that accept bearer tokens
 * from this issuer (trailing slashes ignored). Ids, slugs and the audience only; whether the
 * provider still accepts them is read again inside its tenant's transaction.
 */
export async function bearerIdentityProviders(issuer: string, db?: Database): Promise<BearerIdentityProviderRef[]> {
  const { prisma } = db ?? (await getDb());
  const rows = await prisma.$queryRaw<
    { id: string; tenant_id: string; tenant_slug: string; issuer: string; audience: string }[]
  >`
    SELECT id, tenant_id, tenant_slug, issuer, audience FROM warden_system.bearer_identity_providers(${issuer})`;
  return rows.map((r) => ({
    id: r.id,
    tenantId: r.tenant_id,
    tenantSlug: r.tenant_slug,
    issuer: r.issuer,
    audience: r.audience,
  }));
}

/**
 * Sliding-window sign-in throttle, stored in the database so it holds across instances and
 * restarts. Records one attempt under each key and returns how many attempts each key has in
 * the window (including this one). Old rows are pruned on the way.
 */
export async function recordSignInAttempt(
  keys: string[],
  windowMs: number,
  db?: Database,
): Promise<Record<string, number>> {
  const { prisma } = db ?? (await getDb());
  const since = new Date(Date.now() - windowMs);
  return prisma.$transaction(async (tx) => {
    await tx.signInAttempt.deleteMany({ where: { key: { in: keys }, at: { lt: since } } });
    await tx.signInAttempt.createMany({ data: keys.map((key) => ({ key })) });
    return attemptsSince(tx, keys, since);
  });
}

type AttemptCounter = {
  signInAttempt: { count(args: { where: { key: string; at: { gte: Date } } }): Promise<number> };
};

async function attemptsSince(client: AttemptCounter, keys: string[], since: Date): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const key of keys) out[key] = await client.signInAttempt.count({ where: { key, at: { gte: since } } });
  return out;
}

/** The sign-in throttle's counts per key in the window, without recording an attempt. */
export async function countSignInAttempts(
  keys: string[],
  windowMs: number,
  db?: Database,
): Promise<Record<string, number>> {
  const { prisma } = db ?? (await getDb());
  return attemptsSince(prisma, keys, new Date(Date.now() - windowMs));
}

export interface SignInOption {
  id: string;
  name: string;
  type: string;
  emailDomains: string[];
}

/** Sign-in page: a tenant's enabled browser sign-in providers (never secrets), read in its transaction. */
export async function signInOptionsForTenant(tenantId: string, db?: Database): Promise<SignInOption[]> {
  const rows = await withTenant(
    tenantId,
    (tx) =>
      tx.identityProvider.findMany({
        where: { enabled: true, type: { in: ["okta", "entra", "oidc", "saml"] } },
        select: { id: true, name: true, type: true, emailDomains: true },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      }),
    { db },
  );
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
  const [ref] = await prisma.$queryRaw<
    KeyRef[]
  >`SELECT id, tenant_id, tenant_slug FROM warden_system.virtual_key_by_hash(${secretHash})`;
  return ref ? { id: ref.id, tenantId: ref.tenant_id, tenantSlug: ref.tenant_slug } : null;
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
  const [row] = await prisma.$queryRaw<{ id: string; tenant_id: string; tenant_slug: string; revoked: boolean }[]>`
    SELECT id, tenant_id, tenant_slug, revoked FROM warden_system.scim_token_by_hash(${tokenHash})`;
  return row ? { tokenId: row.id, tenantId: row.tenant_id, tenantSlug: row.tenant_slug, revoked: row.revoked } : null;
}

/** Erasure: the sign-in throttle's rows keyed by an erased person's e-mail (a pre-tenant table). */
export async function forgetSignInAttempts(email: string, db?: Database): Promise<number> {
  const { prisma } = db ?? (await getDb());
  const key = `email:${email.trim().toLowerCase()}`;
  // Failures are keyed "email:<address>|ip:<addr>" (lib/auth/sso/throttle.ts).
  const r = await prisma.signInAttempt.deleteMany({ where: { OR: [{ key }, { key: { startsWith: `${key}|` } }] } });
  return r.count;
}
