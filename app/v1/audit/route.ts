// GET /v1/audit - the tenant's audit entries, newest first, filtered, cursor-paginated
import { auditListSchema, listAudit, parseSearch } from "@/lib/audit/query";
import { route } from "@/lib/http/route";

export const GET = route({ permission: "audit.read" }, async ({ req, tx }) =>
  listAudit(tx, parseSearch(auditListSchema, new URL(req.url).searchParams)),
);
