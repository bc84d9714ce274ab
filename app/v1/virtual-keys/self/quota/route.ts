// GET /v1/virtual-keys/self/quota - a virtual key's own budgets and limits, authenticated by the
// key itself (x-bf-vk through the one resolver, gateway surface). Other callers get 403.
import { route } from "@/lib/http/route";
import { keyQuota } from "@/lib/governance/usage";

export const GET = route({ permission: "authenticated", surface: "gateway", actorKind: "virtual_key" }, async ({ tx, actor }) =>
  keyQuota(tx, actor.subject),
);
