// GET, POST /api/enterprise/compliance/monitoring - one document: monitoring_rules
// (upserted by name; conditions parsed strictly) and notification_channels. The same handlers
// serve GET, POST /v1/compliance/monitoring.
import { monitoringConfig } from "@/lib/monitoring/handlers";

export const dynamic = "force-dynamic";

export const GET = monitoringConfig.GET;
export const POST = monitoringConfig.POST;
