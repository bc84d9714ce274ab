// GET /v1/approvals?status=pending|approved|rejected|consumed|all&limit=&cursor= - gated actions and their decisions, newest first
import { listOf } from "@/lib/paging";
import { route } from "@/lib/http/route";
import { approvalListQuery, approvalView, listApprovals } from "@/lib/monitoring/approvals";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    permission: "monitoring.read",
    summary: "List approval requests of gated actions, newest first",
    query: approvalListQuery,
    response: listOf(approvalView),
    example: { query: { status: "pending" } },
  },
  async ({ tx, query }) => listApprovals(tx, query),
);
