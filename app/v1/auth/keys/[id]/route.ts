// DELETE /v1/auth/keys/{id} - revoke an API key (at once; no overlap)
import { revokeKey } from "@/lib/auth/api-keys/manage";
import { route } from "@/lib/http/route";

export const DELETE = route({ permission: "api_keys.write" }, async ({ actor, tx, params }) => revokeKey(tx, actor, params.id));
