// GET /v1/approvals?status=pending|approved|rejected|consumed|all&limit=&cursor= - gated actions and their decisions, newest first
import { route } from "@/lib/http/route";
import { approvalListQuery, listApprovals } from "@/lib/monitoring/approvals";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "monitoring.read", query: approvalListQuery }, async ({ tx, query }) => listApprovals(tx, query));
