// GET /v1/audit/{id} - one audit entry (another tenant's id answers 404)
import { auditEntryViewSchema, getAuditEntry } from "@/lib/audit/query";
import { route } from "@/lib/http/route";

export const GET = route(
  {
    permission: "audit.read",
    summary: "Get an audit entry",
    description: "One entry with its sealed fields, hashes and details; another tenant's id answers 404.",
    response: auditEntryViewSchema,
    errors: ["not_found"],
    example: { params: { id: "ae_0123456789abcdef" } },
  },
  async ({ tx, params }) => getAuditEntry(tx, params.id),
);
