// GET, POST /api/enterprise/compliance/monitoring - the seed's body verbatim: monitoring_rules
// (upserted by name; conditions parsed strictly) and notification_channels.
import { auditActor } from "@/lib/audit/append";
import { route } from "@/lib/http/route";
import { kickMonitor } from "@/lib/monitoring/monitor";
import { applyMonitoringConfig, listRules, monitoringBodySchema } from "@/lib/monitoring/rules";
import { channelsView } from "@/lib/notifications/settings";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "monitoring.read" }, async ({ tx }) => ({ monitoring_rules: await listRules(tx), notification_channels: await channelsView(tx) }));

export const POST = route({ permission: "monitoring.write", body: monitoringBodySchema }, async ({ tx, actor, body, ids }) => {
  const out = await applyMonitoringConfig(tx, actor.tenantId, auditActor(actor), body, ids.requestId);
  kickMonitor();
  return Response.json(out, { status: 201 });
});
