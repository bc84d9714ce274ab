// POST /v1/reports/{id}/start - start a report that a require_approval rule held, once another
// admin approved it (GET /v1/approvals). Only its requester can; the approval is used once.
import { clientIp } from "@/lib/http/client-ip";
import { json, route } from "@/lib/http/route";
import { requesterOf, startApprovedReport } from "@/lib/reports/service";
import { reportView } from "@/lib/reports/spec";

export const POST = route(
  {
    permission: "reports.create",
    tenantTx: false,
    summary: "Start a report held for approval, once approved",
    description:
      "Only its requester can, once another admin approved the approval request; the approval is used once. A report not waiting for approval answers 409; one not yet approved answers 403 approval_required.",
    response: reportView,
    status: 202,
    errors: ["not_found", "conflict", "approval_required"],
    example: { params: { id: "rep_5b0c1e6f2d8a4c0e9f7a6b5c4d3e2f10" } },
  },
  async ({ req, actor, ids, params }) => {
    const report = await startApprovedReport(
      requesterOf(actor, { requestId: ids.requestId, ip: clientIp(req.headers) }),
      params.id,
    );
    return json(report, { status: 202, headers: { location: `/v1/reports/${report.id}` } });
  },
);
