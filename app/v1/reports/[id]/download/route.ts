// GET /v1/reports/{id}/download?format=pdf|csv|json - the stored bytes (the same on every download;
// x-content-sha256 carries their SHA-256). Audited as report.download before the first byte.
import { clientIp } from "@/lib/http/client-ip";
import { route } from "@/lib/http/route";
import { downloadReport } from "@/lib/reports/service";

export const GET = route({ permission: "reports.read", tenantTx: false }, async ({ req, actor, params, ids }) => {
  const format = new URL(req.url).searchParams.get("format");
  const out = await downloadReport(actor, params.id, format, { requestId: ids.requestId, ip: clientIp(req.headers) });
  return new Response(out.stream, {
    headers: {
      "content-type": out.contentType,
      "content-length": String(out.size),
      "content-disposition": `attachment; filename="${out.filename}"`,
      "x-content-sha256": out.sha256,
      "cache-control": "no-store",
    },
  });
});
