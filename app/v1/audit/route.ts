// GET /v1/audit - the tenant's audit entries, newest first, filtered, cursor-paginated
import { auditListSchema, listAudit } from "@/lib/audit/query";
import { route } from "@/lib/http/route";

export const GET = route({ permission: "audit.read", query: auditListSchema }, async ({ tx, query }) => listAudit(tx, query));
