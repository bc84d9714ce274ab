// GET /v1/platform/tenants/{id}/export?reason= - a suspended tenant's signed export bundle (ADR 0040)
import { route } from "@/lib/http/route";
import { exportQuery, exportTenant } from "@/lib/platform/export";

export const GET = route(
  {
    permission: "platform.operate",
    surface: "platform",
    tenantTx: false,
    query: exportQuery,
    summary: "Export a suspended tenant as a signed bundle",
    description:
      "Platform operators only; the tenant must be suspended (409 otherwise) and a reason given. Streams a ZIP: one JSON Lines file per table with a tenant_id column (tables/<schema>.<table>.jsonl, the tenant's own row in tables/public.tenants.jsonl), every row of the tenant as stored (sealed secrets stay sealed), read in one consistent snapshot; the last entry, manifest.json, is the RFC 8785 JSON of { manifest, signature } — tenant, time, operator, reason, the audit chain head of the snapshot, and each file's row count, byte count and SHA-256 — signed Ed25519 over \"warden-tenant-export-v1\\n\" + the SHA-256 (hex) of the manifest's RFC 8785 JSON with the key published at /.well-known/warden-audit-key. Verify offline with `npm run verify:export -- <bundle> <public key>`. Audited as tenant.export in the tenant's chain and in the platform log (with the reason).",
    response: {
      contentType: "application/zip",
      description: "The signed export bundle (content-disposition: attachment)",
    },
    errors: ["not_found", "conflict"],
    example: { query: { reason: "offboarding: customer asked for its data" } },
  },
  async ({ actor, params, query }) => {
    const out = await exportTenant(actor, params.id, query.reason);
    return new Response(out.stream, {
      headers: {
        "content-type": "application/zip",
        "content-disposition": `attachment; filename="${out.filename}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  },
);
