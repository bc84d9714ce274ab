// GET /v1/reports/{id} - one report: status, progress (rows done / estimated), summary, size, SHA-256
import { route } from "@/lib/http/route";
import { getReport, toView } from "@/lib/reports/service";

export const GET = route({ permission: "reports.read" }, async ({ actor, tx, params }) => toView(await getReport(tx, actor, params.id)));
