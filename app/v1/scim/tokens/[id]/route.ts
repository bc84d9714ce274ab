// DELETE /v1/scim/tokens/{id} - revoke a SCIM token
import { route } from "@/lib/http/route";
import { revokeScimToken } from "@/lib/scim/tokens";

export const DELETE = route({ permission: "scim.write" }, async ({ tx, actor, params }) => revokeScimToken(tx, actor, params.id));
