// Loading a tenant's key (ADR 0035). The wrapped key lives in warden_keys.tenant_keys, which only
// warden_keys.tenant_key() reaches, inside that tenant's own transaction. It is unwrapped with the
// master key and kept per process (secret-box.ts), so the hot paths pay one Map lookup after the
// first load; a key inserted by a transaction that has not committed yet is re-checked at the next
// load (a rollback must not leave a key that was never stored in use). Never logged.
import "server-only";
import { randomBytes } from "node:crypto";
import type { Sql } from "@/lib/tenancy/with-tenant-sql";
import { type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";
import {
  loadedTenantKey,
  rememberTenantKey,
  SecretBoxError,
  tenantKeyMaterial,
  tenantKeyFingerprint,
  unwrapTenantKey,
  wrapTenantKey,
  type TenantKeyMaterial,
} from "./secret-box";

type Query = (
  text: string,
  params: unknown[],
) => Promise<{ wrapped: string; fingerprint: string; legacy: boolean; uncommitted: boolean }[]>;

const LOAD = `SELECT wrapped, fingerprint, legacy, uncommitted FROM warden_keys.tenant_key($1::text, $2::text, $3::text, $4::boolean)`;

/**
 * create: "legacy" creates the key lazily for a tenant older than tenant keys, "new" at the tenant's
 * creation, "no" only reads (verification: a missing key is then an answer, not a reason to mint one).
 */
async function load(
  query: Query,
  tenantId: string,
  create: "legacy" | "new" | "no",
): Promise<TenantKeyMaterial | null> {
  const hit = loadedTenantKey(tenantId);
  if (hit && !pending.has(hit)) return hit;
  let candidate: Buffer | null = null;
  let params: unknown[] = [tenantId, null, null, null];
  if (create !== "no") {
    candidate = randomBytes(32);
    params = [tenantId, wrapTenantKey(tenantId, candidate), tenantKeyFingerprint(candidate), create === "legacy"];
  }
  const rows = await query(LOAD, params);
  candidate?.fill(0);
  const r = rows[0];
  if (!r) return null;
  if (hit && hit.fingerprint === r.fingerprint) {
    if (!r.uncommitted) pending.delete(hit);
    return hit;
  }
  const key = unwrapTenantKey(tenantId, r.wrapped);
  const m = tenantKeyMaterial(tenantId, key, r.legacy);
  if (m.fingerprint !== r.fingerprint)
    throw new SecretBoxError(`the stored tenant key of ${tenantId} does not match its fingerprint`);
  // Kept for the synchronous users (chain keys, pseudonyms, openSecret) either way; a key its own
  // transaction inserted stays "pending" and is checked against the table again at the next load,
  // so a rolled-back creation is replaced by what the table really holds.
  if (r.uncommitted) pending.add(m);
  rememberTenantKey(m);
  return m;
}

const pending = new WeakSet<TenantKeyMaterial>();

const viaTx =
  (tx: TenantTx): Query =>
  (text, params) =>
    tx.$queryRawUnsafe(text, ...params);
const viaSql =
  (sql: Sql): Query =>
  (text, params) =>
    sql.query(text, params);

/** The tenant's key inside its own Prisma transaction, created (as legacy) when it has none yet. */
export async function tenantKeyFor(tx: TenantTx): Promise<TenantKeyMaterial> {
  const tenantId = await tenantIdOf(tx);
  return (await load(viaTx(tx), tenantId, "legacy"))!;
}

/** The same on the raw driver (withTenantSql: the gateway). */
export async function tenantKeyForSql(sql: Sql, tenantId: string): Promise<TenantKeyMaterial> {
  return (await load(viaSql(sql), tenantId, "legacy"))!;
}

/** At tenant creation: the new tenant's key (not legacy: everything it ever has derives from it). */
export async function provisionTenantKey(tx: TenantTx): Promise<TenantKeyMaterial> {
  const tenantId = await tenantIdOf(tx);
  return (await load(viaTx(tx), tenantId, "new"))!;
}

/** Read only: the tenant's key, or null when it has none (never created, or shredded). */
export async function existingTenantKey(
  query: (text: string, params: unknown[]) => Promise<unknown[]>,
  tenantId: string,
): Promise<TenantKeyMaterial | null> {
  return load(query as Query, tenantId, "no");
}
