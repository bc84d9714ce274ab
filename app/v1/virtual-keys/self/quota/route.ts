// GET /v1/virtual-keys/self/quota - a virtual key's own budgets and limits, authenticated by the
// key itself (x-bf-vk through the one resolver, gateway surface). Other callers get 403.
import { route } from "@/lib/http/route";
import { keyQuota, keyQuotaView } from "@/lib/governance/usage";

export const GET = route(
  {
    permission: "authenticated",
    surface: "gateway",
    actorKind: "virtual_key",
    summary: "A virtual key's own budgets, what remains of them, and its rate limits",
    response: keyQuotaView,
    example: {},
  },
  async ({ tx, actor }) => keyQuota(tx, actor.subject),
);
