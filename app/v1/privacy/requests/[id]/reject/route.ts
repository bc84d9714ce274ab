// POST /v1/privacy/requests/{id}/reject - requested|approved -> rejected, with a reason.
import { route } from "@/lib/http/route";
import { rejectRequest, requestRejectSchema, requestView } from "@/lib/privacy/requests";

export const POST = route(
  {
    permission: "privacy.write",
    summary: "Reject a data subject request, with a reason",
    body: requestRejectSchema,
    response: requestView,
    errors: ["not_found", "conflict"],
    example: {
      params: { id: "dsr_5b0c1e6f2d8a4c0e9f7a6b5c4d3e2f10" },
      body: { reason: "Identity could not be verified" },
    },
  },
  async ({ tx, actor, params, body }) => rejectRequest(tx, actor, params.id, body.reason),
);
