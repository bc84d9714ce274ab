// POST /v1/audit/export/verify - check an export's signature (send the file as the body)
import { verifyExportText } from "@/lib/audit/export-format";
import { readBodyText } from "@/lib/http/body";
import { route } from "@/lib/http/route";

// An export holds the whole period asked for, so this route accepts more than the 1 MiB default.
const EXPORT_MAX_BYTES = 64 * 1024 * 1024;

export const POST = route({ permission: "audit.read", tenantTx: false, maxBodyBytes: EXPORT_MAX_BYTES }, async ({ req }) =>
  verifyExportText(await readBodyText(req, { limit: EXPORT_MAX_BYTES })),
);
