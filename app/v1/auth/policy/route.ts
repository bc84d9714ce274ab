// GET /v1/auth/policy - API-key lifetime and rotation policy, and which auth modes are enabled
import { apiKeyPolicy } from "@/lib/auth/api-keys/policy";
import { trustedProxyConfig } from "@/lib/auth/methods/trusted-proxy";
import { trustedIssuers } from "@/lib/auth/oidc/issuers";
import { route } from "@/lib/http/route";
import { z } from "zod";

const policyView = z
  .object({
    api_keys: z.object({
      default_ttl_days: z.number(),
      max_ttl_days: z.number(),
      default_overlap_hours: z.number(),
      max_overlap_hours: z.number(),
      expiring_within_days: z.number().describe("A key this close to expiry is shown as expiring"),
    }),
    auth_modes: z.object({
      session: z.boolean(),
      api_key: z.boolean(),
      oidc_bearer: z.object({ enabled: z.boolean(), issuers: z.number().int(), tenant_bound: z.number().int() }),
      trusted_proxy: z.enum(["off", "refused", "on"]).describe("refused: configured but unsafe, so not used"),
    }),
  })
  .meta({ id: "AuthPolicy" });

export const GET = route(
  {
    permission: "authenticated",
    tenantTx: false,
    summary: "API-key lifetime and rotation policy, and which authentication modes are enabled",
    response: policyView,
    example: {},
  },
  async () => {
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
        oidc_bearer: {
          enabled: issuers.length > 0,
          issuers: issuers.length,
          tenant_bound: issuers.filter((i) => i.tenantSlug).length,
        },
        trusted_proxy: trustedProxyConfig().state,
      },
    };
  },
);
