// Loads what the gateway needs to decide on one request, inside the tenant transaction:
// the caller's place in the hierarchy (virtual key -> user -> team -> customer), the provider
// and price of the requested model, and the budgets and rate limits of every level.
import "server-only";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
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
  eff_team: string | null;
  eff_customer: string | null;
}

export async function loadKey(tx: TenantTx, id: string): Promise<KeyRow | null> {
  const rows = await tx.$queryRaw<KeyRow[]>`
    SELECT vk.id, vk.user_id, vk.team_id, vk.customer_id, vk.allowed_providers, vk.allowed_models,
           vk.expires_at, vk.revoked_at, vk.overlap_until, u.active AS user_active,
           COALESCE(vk.team_id, m.team_id) AS eff_team, COALESCE(vk.customer_id, t.customer_id) AS eff_customer
      FROM virtual_keys vk
      LEFT JOIN users u ON u.id = vk.user_id
      LEFT JOIN LATERAL (SELECT team_id FROM team_memberships WHERE user_id = vk.user_id ORDER BY created_at, team_id LIMIT 1) m ON true
      LEFT JOIN teams t ON t.id = COALESCE(vk.team_id, m.team_id)
     WHERE vk.id = ${id}`;
  return rows[0] ?? null;
}

/** User-level governance (bearer token): the user's billing team is its earliest membership. */
export async function loadUserLevels(tx: TenantTx, userId: string): Promise<{ levels: Levels; active: boolean } | null> {
  const rows = await tx.$queryRaw<{ active: boolean; team_id: string | null; customer_id: string | null }[]>`
    SELECT u.active, m.team_id, t.customer_id
      FROM users u
      LEFT JOIN LATERAL (SELECT team_id FROM team_memberships WHERE user_id = u.id ORDER BY created_at, team_id LIMIT 1) m ON true
      LEFT JOIN teams t ON t.id = m.team_id
     WHERE u.id = ${userId}`;
  const r = rows[0];
  if (!r) return null;
  return { active: r.active, levels: { userId, teamId: r.team_id ?? undefined, customerId: r.customer_id ?? undefined } };
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
export async function loadProvider(tx: TenantTx, providerName: string | null, model: string): Promise<ProviderRow | null> {
  const rows = await tx.$queryRaw<ProviderRow[]>`
    SELECT p.id, p.name, p.base_url, p.api_key_sealed,
           mp.input_per_1m_usd::text AS input, mp.output_per_1m_usd::text AS output
      FROM providers p
      LEFT JOIN model_prices mp ON mp.provider_id = p.id AND mp.model = ${model}
     WHERE (${providerName}::text IS NULL OR p.name = ${providerName}::text)
     ORDER BY (mp.id IS NULL), p.name
     LIMIT 1`;
  return rows[0] ?? null;
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

export async function loadLimits(tx: TenantTx, levels: Levels): Promise<LimitRow[]> {
  const owners = ownerPairs(levels);
  const ids = owners.map((o) => o[1]);
  // Owner ids are globally unique prefixed uuids, so matching on id alone is exact.
  const rows = await tx.$queryRaw<LimitRow[]>`
    SELECT 'budget' AS kind, id, owner_type, owner_id, "window", mode, window_start, NULL::int AS requests, NULL::int AS tokens
      FROM budgets WHERE owner_id = ANY(${ids}::text[])
    UNION ALL
    SELECT 'rate', id, owner_type, owner_id, "window", NULL, NULL, requests_per_window, tokens_per_window
      FROM rate_limits WHERE owner_id = ANY(${ids}::text[])`;
  const rank = (r: LimitRow) => LEVEL_ORDER.indexOf(r.owner_type);
  // A global lock order (level, then id) keeps concurrent transactions free of deadlocks.
  return rows.sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function ownerPairs(levels: Levels): [OwnerType, string][] {
  const out: [OwnerType, string][] = [];
  if (levels.virtualKeyId) out.push(["virtual_key", levels.virtualKeyId]);
  if (levels.userId) out.push(["user", levels.userId]);
  if (levels.teamId) out.push(["team", levels.teamId]);
  if (levels.customerId) out.push(["customer", levels.customerId]);
  return out;
}
