// GET, PUT /v1/monitoring/channels - e-mail, Slack and webhook channels; secrets are write-only
import { auditActor } from "@/lib/audit/append";
import { route } from "@/lib/http/route";
import { channelsSchema, channelsView, saveChannels } from "@/lib/notifications/settings";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "monitoring.read" }, async ({ tx }) => channelsView(tx));

export const PUT = route({ permission: "monitoring.write", body: channelsSchema }, async ({ tx, actor, body, ids }) => saveChannels(tx, actor.tenantId, auditActor(actor), body, ids.requestId));
