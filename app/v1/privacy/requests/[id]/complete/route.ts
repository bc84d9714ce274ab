// POST /v1/privacy/requests/{id}/complete - approved -> completed (an erasure erases the person).
import { route } from "@/lib/http/route";
import { completeRequestCommitted, requestView } from "@/lib/privacy/requests";

// Its own transaction: an erasure also clears a pre-tenant table after the commit.
export const POST = route(
  {
    permission: "privacy.write",
    tenantTx: false,
    summary: "Complete an approved data subject request",
    description:
      "An access request records what its export bundle holds; an erasure erases the person (ADR 0008). result carries counts only.",
    response: requestView,
    errors: ["not_found", "conflict"],
    example: { params: { id: "dsr_5b0c1e6f2d8a4c0e9f7a6b5c4d3e2f10" } },
  },
  async ({ actor, params }) => completeRequestCommitted(actor, params.id),
);
