// GET /v1/audit/{id} - one audit entry (another tenant's id answers 404)
import { getAuditEntry } from "@/lib/audit/query";
import { route } from "@/lib/http/route";

export const GET = route({ permission: "audit.read" }, async ({ tx, params }) => getAuditEntry(tx, params.id));
