// GET /v1/alerts?status=open|acknowledged|resolved|active|all&limit=&cursor= - alerts raised by monitoring rules, newest first
import { listOf } from "@/lib/paging";
import { route } from "@/lib/http/route";
import { alertListQuery, alertView, listAlerts } from "@/lib/monitoring/alerts";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    permission: "monitoring.read",
    summary: "List alerts raised by monitoring rules, newest first",
    query: alertListQuery,
    response: listOf(alertView),
    example: { query: { status: "active", limit: "20" } },
  },
  async ({ tx, query }) => listAlerts(tx, query),
);
