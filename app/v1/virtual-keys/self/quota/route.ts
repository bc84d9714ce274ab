// GET /v1/virtual-keys/self/quota - a virtual key's own budgets and limits, authenticated by the
// key itself (x-bf-vk through the one resolver, gateway surface). Other callers get 403.
import { WardenError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { keyQuota } from "@/lib/governance/usage";

export const GET = route({ permission: "authenticated", surface: "gateway" }, async ({ tx, actor }) => {
  if (actor.kind !== "virtual_key") throw new WardenError("user_not_authorized", "Authenticate with the virtual key (x-bf-vk)");
  return keyQuota(tx, actor.subject);
});
