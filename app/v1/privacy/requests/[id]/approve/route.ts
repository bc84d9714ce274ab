// POST /v1/privacy/requests/{id}/approve - requested -> approved.
import { route } from "@/lib/http/route";
import { approveRequest, requestView } from "@/lib/privacy/requests";

export const POST = route(
  {
    permission: "privacy.write",
    summary: "Approve a data subject request (requested -> approved)",
    response: requestView,
    errors: ["not_found", "conflict"],
    example: { params: { id: "dsr_5b0c1e6f2d8a4c0e9f7a6b5c4d3e2f10" } },
  },
  async ({ tx, actor, params }) => approveRequest(tx, actor, params.id),
);
