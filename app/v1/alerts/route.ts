// GET /v1/alerts?status=open|acknowledged|resolved|active|all - alerts raised by monitoring rules
import { parseSearch } from "@/lib/audit/query";
import { route } from "@/lib/http/route";
import { alertListSchema, listAlerts } from "@/lib/monitoring/alerts";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "monitoring.read" }, async ({ tx, req }) => ({ data: await listAlerts(tx, parseSearch(alertListSchema, new URL(req.url).searchParams)) }));
