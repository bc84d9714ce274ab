// POST /v1/scim/tokens/{id}/rotate - replace a SCIM token (old one revoked, new secret shown once)
import { route } from "@/lib/http/route";
import { createdScimTokenView, rotateScimToken } from "@/lib/scim/tokens";

export const POST = route(
  {
    permission: "scim.write",
    summary: "Rotate a SCIM token",
    description:
      "A new token with the same name (its secret in this answer only); the old one is revoked in the same transaction. Audited.",
    response: createdScimTokenView,
    status: 201,
    errors: ["not_found"],
    example: { params: { id: "scim_5b0c1e6f2d8a4c0e9f7a6b5c4d3e2f10" } },
  },
  async ({ tx, actor, params }) => Response.json(await rotateScimToken(tx, actor, params.id), { status: 201 }),
);
