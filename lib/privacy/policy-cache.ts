// What the gateway's policy step needs about a tenant -- its compliance policies, its providers'
// region and HIPAA flag, and who consented to prompt logging -- loaded in ONE round trip and kept
// for WARDEN_GATEWAY_CACHE_MS (default 1000 ms) and refreshed in the background, like the key
// cache (lib/gateway/key-cache.ts).
// A change made in this process (policy edit, consent change) drops the entry at once.
import "server-only";
import { RefreshingCache } from "@/lib/cache/refreshing";
import type { Database } from "@/lib/db/runtime";
import { withTenantSql } from "@/lib/tenancy/with-tenant-sql";
import type { EffectivePolicy, ProviderFacts } from "./evaluate";

export interface PolicyRow extends EffectivePolicy {
  scope_id: string;
  enabled: boolean;
}

export interface TenantPrivacy {
  policies: PolicyRow[];
  providers: Map<string, ProviderFacts>;
  /** Users whose latest prompt_logging consent is "granted". */
  loggingConsent: Set<string>;
}

const TTL_MS = Number(process.env.WARDEN_GATEWAY_CACHE_MS ?? 1000);
const cache = new RefreshingCache<TenantPrivacy>(TTL_MS, 2 * TTL_MS);

const LOAD = `
  SELECT
    (SELECT COALESCE(json_agg(json_build_object('id', id, 'scope_type', scope_type, 'scope_id', scope_id, 'enabled', enabled,
              'detectors', detectors, 'allowed_regions', allowed_regions, 'hipaa_mode', hipaa_mode, 'store_bodies', store_bodies)), '[]'::json)
       FROM compliance_policies) AS policies,
    (SELECT COALESCE(json_agg(json_build_object('id', id, 'region', region, 'hipaa_covered', hipaa_covered)), '[]'::json) FROM providers) AS providers,
    (SELECT COALESCE(json_agg(user_id), '[]'::json) FROM (
       SELECT DISTINCT ON (user_id) user_id, status FROM consent_records WHERE purpose = 'prompt_logging'
        ORDER BY user_id, at DESC, id DESC) c WHERE c.status = 'granted') AS consent`;

async function load(db: Database, tenantId: string): Promise<TenantPrivacy> {
  const rows = await withTenantSql(db, tenantId, (sql) =>
    sql.query<{ policies: PolicyRow[]; providers: (ProviderFacts & { id: string })[]; consent: string[] }>(
      LOAD,
      [],
      "warden_gw_privacy",
    ),
  );
  const r = rows[0];
  return {
    policies: r.policies,
    providers: new Map(r.providers.map((p) => [p.id, { region: p.region, hipaa_covered: p.hipaa_covered }])),
    loggingConsent: new Set(r.consent),
  };
}

export function tenantPrivacy(db: Database, tenantId: string): Promise<TenantPrivacy> {
  return cache.get(tenantId, () => load(db, tenantId));
}

export function invalidateTenantPrivacy(tenantId: string): void {
  cache.delete(tenantId);
}
