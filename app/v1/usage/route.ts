// GET /v1/usage - usage records and totals (filters: virtual_key_id, user_id, team_id, customer_id, from, to).
import { route } from "@/lib/http/route";
import { listUsage, usageListSchema, usageQuerySchema } from "@/lib/governance/usage";

export const GET = route(
  {
    permission: "usage.read",
    summary: "List usage records",
    description:
      "Gateway requests newest first (keyset on time and id: the cursor is the last record's id), filtered by owner and time, with the totals of every matching record.",
    query: usageQuerySchema,
    response: usageListSchema,
    example: { query: { limit: "50", from: "2026-01-01T00:00:00.000Z" } },
  },
  async ({ tx, query }) => listUsage(tx, query),
);
