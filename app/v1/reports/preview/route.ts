// POST /v1/reports/preview - the builder's live preview: headline figures, chart and first rows
// for { type, range | from & to, filters } without generating or storing anything
import { route } from "@/lib/http/route";
import { previewReport } from "@/lib/reports/service";
import { previewView, reportRequestSchema } from "@/lib/reports/spec";

export const POST = route(
  {
    permission: "reports.create",
    summary: "Preview a report: its figures, chart and first rows, without storing anything",
    body: reportRequestSchema,
    response: previewView,
    errors: ["not_found"],
    example: { body: { type: "usage", range: "7d" } },
  },
  async ({ actor, tx, body }) => previewReport(tx, actor, body),
);
