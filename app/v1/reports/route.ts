// POST /v1/reports - create a report ({ type, range | from & to, filters, format }): 201 { id, status },
//   generated asynchronously (poll GET /v1/reports/{id} for progress)
// GET  /v1/reports?limit=&cursor= - the tenant's reports, newest first (history: who, when, parameters, size, SHA-256)
import { clientIp } from "@/lib/http/client-ip";
import { listOf, pageQuery } from "@/lib/paging";
import { json, route } from "@/lib/http/route";
import { createReport, listReports, requesterOf } from "@/lib/reports/service";
import { createdReportView, reportRequestSchema, reportView } from "@/lib/reports/spec";

export const POST = route(
  {
    permission: "reports.create",
    body: reportRequestSchema,
    tenantTx: false,
    summary: "Create a report",
    description:
      "Generated asynchronously: poll GET /v1/reports/{id} for progress, then download it. Access, data and security reports are built from the audit trail and also need audit.read. A require_approval rule on data_export_size holds a large report as pending_approval with an approval request (approval); once another admin approves, its requester starts it with POST /v1/reports/{id}/start.",
    response: createdReportView,
    status: 201,
    errors: ["not_found"],
    example: { body: { type: "usage", range: "7d", format: "csv", filters: { teams: [] } } },
  },
  async ({ req, actor, body, ids }) => {
    const report = await createReport(
      requesterOf(actor, { requestId: ids.requestId, ip: clientIp(req.headers) }),
      body,
    );
    return json(report, { status: 201, headers: { location: `/v1/reports/${report.id}` } });
  },
);

export const GET = route(
  {
    permission: "reports.read",
    summary: "List reports, newest first",
    description: "Team-scoped callers see the reports they created; report types the caller may not read are left out.",
    query: pageQuery,
    response: listOf(reportView),
    example: { query: { limit: "20" } },
  },
  async ({ actor, tx, query }) => listReports(tx, actor, query),
);
