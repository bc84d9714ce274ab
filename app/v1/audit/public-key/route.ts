// GET /v1/audit/public-key - the Ed25519 key that signs audit exports and checkpoints (public)
import { publicKeyDocument, publicKeyDocumentSchema } from "@/lib/audit/public-key";
import { json, publicRoute } from "@/lib/http/route";

export const GET = publicRoute(
  async () => json(publicKeyDocument(), { headers: { "cache-control": "public, max-age=300" } }),
  {
    summary: "Get the audit signing key",
    description:
      "The published Ed25519 key (and every key still accepted) that signs audit exports and checkpoints; no authentication.",
    response: publicKeyDocumentSchema,
    example: {},
  },
);
