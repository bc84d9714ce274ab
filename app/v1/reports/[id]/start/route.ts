// POST /v1/reports/{id}/start - start a report that a require_approval rule held, once another
// admin approved it (GET /v1/approvals). Only its requester can; the approval is used once.
import { clientIp } from "@/lib/http/client-ip";
import { json, route } from "@/lib/http/route";
import { requesterOf, startApprovedReport } from "@/lib/reports/service";

export const POST = route({ permission: "reports.create", tenantTx: false }, async ({ req, actor, ids, params }) => {
  const report = await startApprovedReport(requesterOf(actor, { requestId: ids.requestId, ip: clientIp(req.headers) }), params.id);
  return json(report, { status: 202, headers: { location: `/v1/reports/${report.id}` } });
});
