// DELETE /v1/support-access/{id} - revoke a support access grant (ADR 0037); the record is kept
import { route } from "@/lib/http/route";
import { revokeSupport } from "@/lib/support/grants";
import { supportGrantView } from "@/lib/support/views";

export const dynamic = "force-dynamic";

export const DELETE = route(
  {
    permission: "support.manage",
    summary: "Revoke support access",
    description:
      "Ends the grant now: the operator's next request under it is refused with 403. The grant stays listed as revoked. Audited as support.revoke.",
    response: supportGrantView,
    errors: ["not_found", "conflict"],
    example: { params: { id: "sup_0000" } },
  },
  async ({ tx, actor, params }) => revokeSupport(tx, actor, params.id),
);
