// POST /v1/audit/export/verify - check an export's signature (send the file as the body)
import { exportCheckSchema, verifyExportText } from "@/lib/audit/export-format";
import { readBodyText } from "@/lib/http/body";
import { route } from "@/lib/http/route";

// An export holds the whole period asked for, so this route accepts more than the 1 MiB default.
const EXPORT_MAX_BYTES = 64 * 1024 * 1024;

export const POST = route(
  {
    permission: "audit.read",
    tenantTx: false,
    maxBodyBytes: EXPORT_MAX_BYTES,
    summary: "Verify an audit export",
    description:
      "Send an export file exactly as downloaded (any content type, up to 64 MiB) as the request body: the answer says whether its Ed25519 signature verifies with a published key over exactly those bytes, and why not. Anyone can do the same offline with the public key (GET /v1/audit/public-key).",
    response: exportCheckSchema,
    errors: ["payload_too_large"],
    example: {},
  },
  async ({ req }) => verifyExportText(await readBodyText(req, { limit: EXPORT_MAX_BYTES })),
);
