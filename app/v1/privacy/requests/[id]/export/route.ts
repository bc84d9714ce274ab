// GET /v1/privacy/requests/{id}/export - the access request's machine-readable bundle (JSON download).
import { route } from "@/lib/http/route";
import { exportForRequest } from "@/lib/privacy/requests";

export const GET = route(
  {
    permission: "privacy.write",
    summary: "Download the export bundle of an access request",
    description:
      "Everything Warden holds about the person, as a JSON attachment; approved or completed access requests only (an erasure request answers 400). Audited as privacy.request.exported.",
    response: { contentType: "application/json", description: "The export bundle (content-disposition: attachment)" },
    errors: ["not_found", "conflict", "invalid_request"],
    example: { params: { id: "dsr_5b0c1e6f2d8a4c0e9f7a6b5c4d3e2f10" } },
  },
  async ({ tx, actor, params }) => {
    const bundle = await exportForRequest(tx, actor, params.id);
    return new Response(JSON.stringify(bundle, null, 2), {
      headers: {
        "content-type": "application/json",
        "content-disposition": `attachment; filename="privacy-export-${params.id}.json"`,
        "cache-control": "no-store",
      },
    });
  },
);
