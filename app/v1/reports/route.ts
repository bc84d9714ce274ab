// POST /v1/reports - create a report ({ type, range | from & to, filters, format }): 201 { id, status },
//   generated asynchronously (poll GET /v1/reports/{id} for progress)
// GET  /v1/reports?limit=&cursor= - the tenant's reports, newest first (history: who, when, parameters, size, SHA-256)
import { clientIp } from "@/lib/http/client-ip";
import { pageQuery } from "@/lib/http/pagination";
import { json, route } from "@/lib/http/route";
import { createReport, listReports, requesterOf } from "@/lib/reports/service";
import { reportRequestSchema } from "@/lib/reports/spec";

export const POST = route({ permission: "reports.create", body: reportRequestSchema, tenantTx: false }, async ({ req, actor, body, ids }) => {
  const report = await createReport(requesterOf(actor, { requestId: ids.requestId, ip: clientIp(req.headers) }), body);
  return json(report, { status: 201, headers: { location: `/v1/reports/${report.id}` } });
});

export const GET = route({ permission: "reports.read", query: pageQuery }, async ({ actor, tx, query }) => listReports(tx, actor, query));
