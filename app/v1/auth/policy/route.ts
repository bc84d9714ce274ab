// GET /v1/auth/policy - API-key lifetime and rotation policy, and which auth modes are enabled
import { apiKeyPolicy } from "@/lib/auth/api-keys/policy";
import { trustedProxyConfig } from "@/lib/auth/methods/trusted-proxy";
import { trustedIssuers } from "@/lib/auth/oidc/issuers";
import { route } from "@/lib/http/route";

export const GET = route({ permission: "authenticated", tenantTx: false }, async () => {
  const p = apiKeyPolicy();
  const issuers = trustedIssuers();
  return {
    api_keys: {
      default_ttl_days: p.defaultTtlDays,
      max_ttl_days: p.maxTtlDays,
      default_overlap_hours: p.defaultOverlapHours,
      max_overlap_hours: p.maxOverlapHours,
      expiring_within_days: p.expiringWithinDays,
    },
    auth_modes: {
      session: true,
      api_key: true,
      oidc_bearer: { enabled: issuers.length > 0, issuers: issuers.length, tenant_bound: issuers.filter((i) => i.tenantSlug).length },
      trusted_proxy: trustedProxyConfig().state,
    },
  };
});
