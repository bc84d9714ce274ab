// DELETE /v1/platform/operators/{id} - revoke an operator (never the last one); in the platform log
import { route } from "@/lib/http/route";
import { revokeOperator } from "@/lib/platform/operators";

export const DELETE = route(
  {
    permission: "platform.operate",
    surface: "platform",
    tenantTx: false,
    summary: "Revoke platform operator rights",
    description:
      "Platform operators only. Their sessions stop at the next request. The last operator cannot be revoked (409).",
    status: 204,
    errors: ["not_found", "conflict"],
  },
  async ({ actor, params }) => {
    await revokeOperator(actor, params.id);
    return new Response(null, { status: 204 });
  },
);
