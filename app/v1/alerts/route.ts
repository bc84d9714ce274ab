// GET /v1/alerts?status=open|acknowledged|resolved|active|all&limit=&cursor= - alerts raised by monitoring rules, newest first
import { route } from "@/lib/http/route";
import { alertListQuery, listAlerts } from "@/lib/monitoring/alerts";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "monitoring.read", query: alertListQuery }, async ({ tx, query }) => listAlerts(tx, query));
