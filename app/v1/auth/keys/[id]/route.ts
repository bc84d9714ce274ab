// DELETE /v1/auth/keys/{id} - revoke an API key (at once; no overlap)
import { revokeKey } from "@/lib/auth/api-keys/manage";
import { keyView } from "@/lib/auth/api-keys/view";
import { route } from "@/lib/http/route";

export const DELETE = route(
  {
    permission: "api_keys.write",
    summary: "Revoke an API key at once (no overlap); answers the revoked key",
    response: keyView,
    errors: ["not_found"],
    example: { params: { id: "key_example" } },
  },
  async ({ actor, tx, params }) => revokeKey(tx, actor, params.id),
);
