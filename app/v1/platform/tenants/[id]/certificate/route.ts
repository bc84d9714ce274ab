// GET /v1/platform/tenants/{id}/certificate - the signed erasure certificate of a purged tenant (ADR 0035)
import { route } from "@/lib/http/route";
import { certificateFile, erasureCertificate } from "@/lib/platform/erasure";

export const GET = route(
  {
    permission: "platform.operate",
    surface: "platform",
    tenantTx: false,
    summary: "Download a purged tenant's erasure certificate",
    description:
      'Platform operators only. RFC 8785 JSON { certificate, signature }: the Ed25519 signature is over "warden-erasure-certificate-v1\\n" + the SHA-256 (hex) of the certificate\'s RFC 8785 JSON, with the key published at /.well-known/warden-audit-key. Verify offline with `npm run verify:certificate -- <file> <public key>`. 404 until the tenant is purged.',
    response: {
      contentType: "application/json",
      description: "The signed erasure certificate (content-disposition: attachment)",
    },
    errors: ["not_found"],
  },
  async ({ params }) => {
    const signed = await erasureCertificate(params.id);
    return new Response(certificateFile(signed), {
      headers: {
        "content-type": "application/json",
        "content-disposition": `attachment; filename="erasure-certificate-${signed.certificate.tenant.slug}.json"`,
        "cache-control": "no-store",
      },
    });
  },
);
