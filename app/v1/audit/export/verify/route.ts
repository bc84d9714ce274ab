// POST /v1/audit/export/verify - check an export's signature (send the file as the body)
import { verifyExportText } from "@/lib/audit/export-format";
import { route } from "@/lib/http/route";

export const POST = route({ permission: "audit.read", tenantTx: false }, async ({ req }) => verifyExportText(await req.text()));
