// GET,DELETE /v1/virtual-keys/{id} - one virtual key with its budgets and rate limits; revoke it.
import { WardenError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { limitsOf } from "@/lib/governance/limits";
import { revokeVirtualKey } from "@/lib/governance/virtual-keys";

export const GET = route({ permission: "virtual_keys.read" }, async ({ tx, params }) => {
  const k = await tx.virtualKey.findUnique({ where: { id: params.id }, omit: { secretHash: true } });
  if (!k) throw new WardenError("not_found", "Virtual key not found");
  return { ...k, ...(await limitsOf(tx, k.id)) };
});

export const DELETE = route({ permission: "virtual_keys.write" }, async ({ tx, actor, params }) => {
  await revokeVirtualKey(tx, actor, params.id);
  return new Response(null, { status: 204 });
});
