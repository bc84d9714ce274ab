// GET, PUT /v1/network-rules - the tenant's IP allow-lists per credential kind (ADR 0036; the
// Network rules page in Settings uses the same permission, function and audit entry)
import { clientIp } from "@/lib/http/client-ip";
import { route } from "@/lib/http/route";
import { networkRules, updateNetworkRules } from "@/lib/network/rules";
import { networkRulesPutSchema, networkRulesSchema } from "@/lib/network/views";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    permission: "network.manage",
    summary: "Get the network rules",
    description:
      "The tenant's CIDR allow-lists: `console` (sign-in and console sessions), `api` (API keys, OIDC bearer tokens and SCIM tokens) and `virtual_keys` (the gateway). An empty list restricts nothing.",
    response: networkRulesSchema,
    example: {},
  },
  async ({ tx }) => networkRules(tx),
);

export const PUT = route(
  {
    permission: "network.manage",
    summary: "Replace the network rules",
    description:
      "Replaces the three lists (IPv4 and IPv6 CIDRs or single addresses, at most 100 each; an entry that is neither answers 400 naming it). A request from an address outside the list for its credential kind is then refused with 403 `ip_not_allowed`, and so is a console sign-in; the client address is the socket peer, or X-Forwarded-For from `WARDEN_TRUSTED_PROXIES` only. When the list for your own credential would exclude your current address the change answers 409 unless `confirm_lockout` is true. Applies within 2 seconds in every process (at once in this one). Audited as tenant.network_rules.update with before and after.",
    body: networkRulesPutSchema,
    response: networkRulesSchema,
    errors: ["conflict"],
    example: { body: { console: [], api: [], virtual_keys: [] } },
  },
  async ({ tx, actor, body, req }) => updateNetworkRules(tx, actor, body, clientIp(req.headers)),
);
