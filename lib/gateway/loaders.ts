// Loads what the gateway needs to decide on one request, inside the tenant transaction:
// the caller's place in the hierarchy (virtual key -> user -> team -> customer), the provider
// and price of the requested model, and the budgets and rate limits of every level.
import "server-only";
import type { Sql } from "@/lib/tenancy/with-tenant-sql";
import { loadedTenantKey } from "@/lib/crypto/secret-box";
import { tenantKeyForSql } from "@/lib/crypto/tenant-key";
import type { BudgetWindow, WindowMode } from "./windows";

export type OwnerType = "virtual_key" | "user" | "team" | "customer";
export const LEVEL_ORDER: OwnerType[] = ["virtual_key", "user", "team", "customer"];

export interface Levels {
  virtualKeyId?: string;
  userId?: string;
  teamId?: string;
  customerId?: string;
}

export interface KeyRow {
  id: string;
  user_id: string | null;
  team_id: string | null;
  customer_id: string | null;
  allowed_providers: string[];
  allowed_models: string[];
  expires_at: Date | null;
  revoked_at: Date | null;
  overlap_until: Date | null;
  user_active: boolean | null;
  /** The key's user's own allow-lists (null for a key owned by a team or customer). */
  user_allowed_providers: string[] | null;
  user_allowed_models: string[] | null;
  eff_team: string | null;
  eff_customer: string | null;
}

/** One level's gateway allow-lists ("*" = all, [] = none). */
export interface AllowLists {
  providers: string[];
  models: string[];
}

/** User-level governance (bearer token): the user's billing team is its earliest membership. */
export async function loadUserLevels(
  sql: Sql,
  userId: string,
): Promise<{ levels: Levels; active: boolean; allow: AllowLists } | null> {
  const rows = await sql.query<{
    active: boolean;
    team_id: string | null;
    customer_id: string | null;
    allowed_providers: string[];
    allowed_models: string[];
  }>(
    `
    SELECT u.active, m.team_id, t.customer_id, u.allowed_providers, u.allowed_models
      FROM users u
      LEFT JOIN LATERAL (SELECT team_id FROM team_memberships WHERE user_id = u.id ORDER BY created_at, team_id LIMIT 1) m ON true
      LEFT JOIN teams t ON t.id = m.team_id
     WHERE u.id = $1`,
    [userId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    active: r.active,
    levels: { userId, teamId: r.team_id ?? undefined, customerId: r.customer_id ?? undefined },
    allow: { providers: r.allowed_providers, models: r.allowed_models },
  };
}

export interface ProviderRow {
  id: string;
  name: string;
  base_url: string;
  api_key_sealed: string | null;
  input: string | null;
  output: string | null;
}

/** `provider/model` names the provider; a bare model picks the provider that prices it. */
export async function loadProvider(sql: Sql, providerName: string | null, model: string): Promise<ProviderRow | null> {
  const rows = await sql.query<ProviderRow>(
    `
    SELECT p.id, p.name, p.base_url, p.api_key_sealed,
           mp.input_per_1m_usd::text AS input, mp.output_per_1m_usd::text AS output
      FROM providers p
      LEFT JOIN model_prices mp ON mp.provider_id = p.id AND mp.model = $2
     WHERE ($1::text IS NULL OR p.name = $1::text)
     ORDER BY (mp.id IS NULL), p.name
     LIMIT 1`,
    [providerName, model],
  );
  await sealedKeyOpenable(sql, rows[0]?.api_key_sealed ?? null);
  return rows[0] ?? null;
}

/** A provider key sealed under the tenant's key (ADR 0035) opens only once that key is loaded here. */
async function sealedKeyOpenable(sql: Sql, sealed: string | null): Promise<void> {
  if (!sealed?.startsWith("v2.")) return;
  const tenantId = sealed.split(".")[1];
  if (!loadedTenantKey(tenantId)) await tenantKeyForSql(sql, tenantId);
}

export interface LimitRow {
  kind: "budget" | "rate";
  id: string;
  owner_type: OwnerType;
  owner_id: string;
  window: BudgetWindow;
  mode: WindowMode | null;
  window_start: Date | null;
  requests: number | null;
  tokens: number | null;
}

export async function loadLimits(sql: Sql, levels: Levels): Promise<LimitRow[]> {
  const owners = ownerPairs(levels);
  const ids = owners.map((o) => o[1]);
  // Owner ids are globally unique prefixed uuids, so matching on id alone is exact.
  const rows = await sql.query<LimitRow>(
    `
    SELECT 'budget' AS kind, id, owner_type, owner_id, "window", mode, window_start, NULL::int AS requests, NULL::int AS tokens
      FROM budgets WHERE owner_id = ANY($1::text[])
    UNION ALL
    SELECT 'rate', id, owner_type, owner_id, "window", NULL, NULL, requests_per_window, tokens_per_window
      FROM rate_limits WHERE owner_id = ANY($1::text[])`,
    [ids],
  );
  return sortLimits(rows);
}

export function ownerPairs(levels: Levels): [OwnerType, string][] {
  const out: [OwnerType, string][] = [];
  if (levels.virtualKeyId) out.push(["virtual_key", levels.virtualKeyId]);
  if (levels.userId) out.push(["user", levels.userId]);
  if (levels.teamId) out.push(["team", levels.teamId]);
  if (levels.customerId) out.push(["customer", levels.customerId]);
  return out;
}

export interface KeyBundle {
  key: KeyRow | null;
  provider: ProviderRow | null;
  limits: LimitRow[];
}

/**
 * Everything a virtual-key request needs, in ONE round trip: the key and its hierarchy, the
 * provider and price of the model, and the budgets and rate limits of every level.
 */
export async function loadKeyBundle(
  sql: Sql,
  keyId: string,
  providerName: string | null,
  model: string,
): Promise<KeyBundle> {
  const rows = await sql.query<{ key: KeyRow | null; provider: ProviderRow | null; limits: LimitRow[] | null }>(
    `WITH k AS (
       SELECT vk.id, vk.user_id, vk.team_id, vk.customer_id, vk.allowed_providers, vk.allowed_models,
              vk.expires_at, vk.revoked_at, vk.overlap_until, u.active AS user_active,
              u.allowed_providers AS user_allowed_providers, u.allowed_models AS user_allowed_models,
              COALESCE(vk.team_id, m.team_id) AS eff_team, COALESCE(vk.customer_id, t.customer_id) AS eff_customer
         FROM virtual_keys vk
         LEFT JOIN users u ON u.id = vk.user_id
         LEFT JOIN LATERAL (SELECT team_id FROM team_memberships WHERE user_id = vk.user_id ORDER BY created_at, team_id LIMIT 1) m ON true
         LEFT JOIN teams t ON t.id = COALESCE(vk.team_id, m.team_id)
        WHERE vk.id = $1),
     p AS (
       SELECT p.id, p.name, p.base_url, p.api_key_sealed, mp.input_per_1m_usd::text AS input, mp.output_per_1m_usd::text AS output
         FROM providers p LEFT JOIN model_prices mp ON mp.provider_id = p.id AND mp.model = $3
        WHERE ($2::text IS NULL OR p.name = $2::text)
        ORDER BY (mp.id IS NULL), p.name LIMIT 1),
     owners AS (SELECT unnest(ARRAY[k.id, k.user_id, k.eff_team, k.eff_customer]) AS id FROM k),
     l AS (
       SELECT 'budget' AS kind, id, owner_type, owner_id, "window", mode, window_start, NULL::int AS requests, NULL::int AS tokens
         FROM budgets WHERE owner_id IN (SELECT id FROM owners)
       UNION ALL
       SELECT 'rate', id, owner_type, owner_id, "window", NULL, NULL, requests_per_window, tokens_per_window
         FROM rate_limits WHERE owner_id IN (SELECT id FROM owners))
     SELECT (SELECT row_to_json(k) FROM k) AS key, (SELECT row_to_json(p) FROM p) AS provider, (SELECT json_agg(l) FROM l) AS limits`,
    [keyId, providerName, model],
    "warden_gw_bundle",
  );
  const r = rows[0];
  const date = (v: unknown) => (v == null ? null : new Date(v as string));
  const key = r?.key
    ? {
        ...r.key,
        expires_at: date(r.key.expires_at),
        revoked_at: date(r.key.revoked_at),
        overlap_until: date(r.key.overlap_until),
      }
    : null;
  const limits = (r?.limits ?? []).map((x) => ({ ...x, window_start: date(x.window_start) }));
  await sealedKeyOpenable(sql, r?.provider?.api_key_sealed ?? null);
  return { key, provider: r?.provider ?? null, limits: sortLimits(limits) };
}

function sortLimits(rows: LimitRow[]): LimitRow[] {
  const rank = (r: LimitRow) => LEVEL_ORDER.indexOf(r.owner_type);
  // A global lock order (level, then id) keeps concurrent transactions free of deadlocks.
  return rows.sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
