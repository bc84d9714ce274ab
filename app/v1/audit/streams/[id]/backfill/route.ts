// POST /v1/audit/streams/{id}/backfill {from_seq} - deliver again from a seq (audited).
import { backfillStream } from "@/lib/audit/streaming/service";
import { backfillSchema, streamView } from "@/lib/audit/streaming/schemas";
import { route } from "@/lib/http/route";
import { kickStream } from "@/lib/audit/streaming/jobs";

export const POST = route(
  {
    permission: "audit.manage",
    summary:
      "Backfill an audit stream: its cursor becomes from_seq - 1, so entries from from_seq on are delivered again (audited)",
    description: "Receivers deduplicate by seq (ADR 0030). from_seq may be at most the latest seq + 1.",
    body: backfillSchema,
    response: streamView,
    errors: ["not_found"],
    example: { params: { id: "ast_example" }, body: { from_seq: 1 } },
  },
  async ({ tx, actor, params, body }) => {
    const updated = await backfillStream(tx, actor, params.id, body.from_seq);
    kickStream(actor.tenantId, updated.id);
    return updated;
  },
);
