// POST /v1/audit/streams/{id}/test - send one test message to the stream's receiver.
import { testStream } from "@/lib/audit/streaming/delivery";
import { streamTestView } from "@/lib/audit/streaming/schemas";
import { route } from "@/lib/http/route";

// No tenant transaction around the handler: the network call must not hold one open.
export const POST = route(
  {
    permission: "audit.manage",
    tenantTx: false,
    summary: "Test an audit stream: one test message (not an audit entry) to its receiver",
    description:
      "The answer is 200 whether or not the receiver accepted it; `ok` and `message` say which. The outbound guard applies; the cursor does not move.",
    response: streamTestView,
    errors: ["not_found"],
    example: { params: { id: "ast_example" } },
  },
  async ({ actor, params }) => testStream(actor.tenantId, params.id),
);
