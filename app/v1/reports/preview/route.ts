// POST /v1/reports/preview - the builder's live preview: headline figures, chart and first rows
// for { type, range | from & to, filters } without generating or storing anything
import { route } from "@/lib/http/route";
import { previewReport } from "@/lib/reports/service";
import { reportRequestSchema } from "@/lib/reports/spec";

export const POST = route({ permission: "reports.create", body: reportRequestSchema }, async ({ actor, tx, body }) => previewReport(tx, actor, body));
