// GET,PATCH,DELETE /v1/virtual-keys/{id} - one virtual key with its budgets and rate limits; change it; revoke it.
import { route } from "@/lib/http/route";
import { getVirtualKey, revokeVirtualKey, updateVirtualKey, virtualKeyPatchSchema } from "@/lib/governance/virtual-keys";

export const GET = route({ permission: "virtual_keys.read" }, async ({ tx, actor, params }) => getVirtualKey(tx, actor, params.id));

export const PATCH = route({ permission: "virtual_keys.write", body: virtualKeyPatchSchema }, async ({ tx, actor, params, body }) => updateVirtualKey(tx, actor, params.id, body));

export const DELETE = route({ permission: "virtual_keys.write" }, async ({ tx, actor, params }) => {
  await revokeVirtualKey(tx, actor, params.id);
  return new Response(null, { status: 204 });
});
