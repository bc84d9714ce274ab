// GET /v1/privacy/requests/{id}/export - the access request's machine-readable bundle (JSON download).
import { route } from "@/lib/http/route";
import { exportForRequest } from "@/lib/privacy/requests";

export const GET = route({ permission: "privacy.write" }, async ({ tx, actor, params }) => {
  const bundle = await exportForRequest(tx, actor, params.id);
  return new Response(JSON.stringify(bundle, null, 2), {
    headers: { "content-type": "application/json", "content-disposition": `attachment; filename="privacy-export-${params.id}.json"`, "cache-control": "no-store" },
  });
});
