// GET /.well-known/warden-audit-key - the audit signing key at a well-known path (same as /v1/audit/public-key)
import { publicKeyDocument } from "@/lib/audit/public-key";
import { json, publicRoute } from "@/lib/http/route";

export const GET = publicRoute(async () =>
  json(publicKeyDocument(), { headers: { "cache-control": "public, max-age=300" } }),
);
