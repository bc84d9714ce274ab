// GET /v1/reports/{id} - one report: status, progress (rows done / estimated), summary, size, SHA-256
import { route } from "@/lib/http/route";
import { getReport, toView } from "@/lib/reports/service";
import { reportView } from "@/lib/reports/spec";

export const GET = route(
  {
    permission: "reports.read",
    summary: "Read a report: status, progress, summary, size and SHA-256",
    response: reportView,
    errors: ["not_found"],
    example: { params: { id: "rep_5b0c1e6f2d8a4c0e9f7a6b5c4d3e2f10" } },
  },
  async ({ actor, tx, params }) => toView(await getReport(tx, actor, params.id)),
);
