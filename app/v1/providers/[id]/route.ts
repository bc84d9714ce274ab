// GET,PATCH /v1/providers/{id} - one provider; change its URL, key, region or prices.
import { route } from "@/lib/http/route";
import { getProvider, providerPatchSchema, updateProvider } from "@/lib/governance/providers";

export const GET = route({ permission: "governance.read" }, async ({ tx, params }) => getProvider(tx, params.id));

export const PATCH = route({ permission: "governance.write", body: providerPatchSchema }, async ({ tx, actor, params, body }) => updateProvider(tx, actor, params.id, body));
