// GET, POST /v1/compliance/monitoring - monitoring rules and notification channels as one document;
// the same handlers as /api/enterprise/compliance/monitoring.
import { monitoringConfig } from "@/lib/monitoring/handlers";

export const dynamic = "force-dynamic";

export const GET = monitoringConfig.GET;
export const POST = monitoringConfig.POST;
