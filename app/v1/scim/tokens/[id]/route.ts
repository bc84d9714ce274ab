// DELETE /v1/scim/tokens/{id} - revoke a SCIM token
import { route } from "@/lib/http/route";
import { revokeScimToken, scimTokenView } from "@/lib/scim/tokens";

export const DELETE = route(
  {
    permission: "scim.write",
    summary: "Revoke a SCIM token",
    description: "The token stops working at once; revoking a revoked token answers it unchanged. Audited.",
    response: scimTokenView,
    errors: ["not_found"],
    example: { params: { id: "scim_5b0c1e6f2d8a4c0e9f7a6b5c4d3e2f10" } },
  },
  async ({ tx, actor, params }) => revokeScimToken(tx, actor, params.id),
);
