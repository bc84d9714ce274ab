// GET /v1/audit/public-key - the Ed25519 key that signs audit exports and checkpoints (public)
import { publicKeyDocument } from "@/lib/audit/public-key";
import { json, publicRoute } from "@/lib/http/route";

export const GET = publicRoute(async () => json(publicKeyDocument(), { headers: { "cache-control": "public, max-age=300" } }));
