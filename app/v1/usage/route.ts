// GET /v1/usage - usage records and totals (filters: virtual_key_id, user_id, team_id, customer_id, from, to).
import { route } from "@/lib/http/route";
import { listUsage, usageQuerySchema } from "@/lib/governance/usage";

export const GET = route({ permission: "usage.read", query: usageQuerySchema }, async ({ tx, query }) => listUsage(tx, query));
