// GET /v1/reports/{id}/download?format=pdf|csv|json - the stored bytes (the same on every download;
// x-content-sha256 carries their SHA-256). Audited as report.download before the first byte.
import { z } from "zod";
import { clientIp } from "@/lib/http/client-ip";
import { route } from "@/lib/http/route";
import { downloadReport } from "@/lib/reports/service";
import { REPORT_FORMATS } from "@/lib/reports/spec";

const query = z.object({
  format: z
    .enum(REPORT_FORMATS)
    .optional()
    .describe("The format the report was generated in (a check: another format answers 400)"),
});

export const GET = route(
  {
    permission: "reports.read",
    tenantTx: false,
    summary: "Download a completed report",
    description:
      "The stored file, byte for byte the same on every download: application/pdf, text/csv or application/json by the report's format, with x-content-sha256 and content-disposition: attachment. Audited as report.download. A report that is not completed answers 409.",
    query,
    response: {
      contentType: "application/pdf",
      description: "The report file (PDF here; text/csv or application/json for reports generated in those formats)",
    },
    errors: ["not_found", "conflict"],
    example: { params: { id: "rep_5b0c1e6f2d8a4c0e9f7a6b5c4d3e2f10" }, query: { format: "pdf" } },
  },
  async ({ req, actor, params, ids, query }) => {
    const out = await downloadReport(actor, params.id, query.format ?? null, {
      requestId: ids.requestId,
      ip: clientIp(req.headers),
    });
    return new Response(out.stream, {
      headers: {
        "content-type": out.contentType,
        "content-length": String(out.size),
        "content-disposition": `attachment; filename="${out.filename}"`,
        "x-content-sha256": out.sha256,
        "cache-control": "no-store",
      },
    });
  },
);
