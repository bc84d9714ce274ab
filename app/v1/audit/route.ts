// GET /v1/audit - the tenant's audit entries, newest first, filtered, cursor-paginated
import { auditEntryViewSchema, auditListSchema, listAudit } from "@/lib/audit/query";
import { listOf } from "@/lib/paging";
import { route } from "@/lib/http/route";

export const GET = route(
  {
    permission: "audit.read",
    summary: "List audit entries",
    description:
      "The tenant's tamper-evident trail, newest first (keyset on seq: the cursor is the last entry's seq), with the explorer's filters.",
    query: auditListSchema,
    response: listOf(auditEntryViewSchema),
    example: { query: { limit: "50", category: "security", from: "2026-01-01T00:00:00Z" } },
  },
  async ({ tx, query }) => listAudit(tx, query),
);
