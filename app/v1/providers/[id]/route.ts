// GET,PATCH,DELETE /v1/providers/{id} - one provider; change its URL, key, region or prices; delete it
// (409 while the allow-lists of usable virtual keys or active users name it or its models).
import { route } from "@/lib/http/route";
import { deleteProvider, getProvider, providerPatchSchema, updateProvider } from "@/lib/governance/providers";

export const GET = route({ permission: "governance.read" }, async ({ tx, params }) => getProvider(tx, params.id));

export const PATCH = route({ permission: "governance.write", body: providerPatchSchema }, async ({ tx, actor, params, body }) => updateProvider(tx, actor, params.id, body));

export const DELETE = route({ permission: "governance.write" }, async ({ tx, actor, params }) => {
  await deleteProvider(tx, actor, params.id);
  return new Response(null, { status: 204 });
});
