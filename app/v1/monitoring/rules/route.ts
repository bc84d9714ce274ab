// GET, POST /v1/monitoring/rules - the tenant's monitoring rules (oldest first, paged)
import { auditActor } from "@/lib/audit/append";
import { route } from "@/lib/http/route";
import { kickMonitor } from "@/lib/monitoring/monitor";
import { pageQuery } from "@/lib/http/pagination";
import { createRule, pageRules, ruleSchema } from "@/lib/monitoring/rules";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "monitoring.read", query: pageQuery }, async ({ tx, query }) => pageRules(tx, query));

export const POST = route({ permission: "monitoring.write", body: ruleSchema }, async ({ tx, actor, body, ids }) => {
  const rule = await createRule(tx, actor.tenantId, auditActor(actor), body, ids.requestId);
  kickMonitor();
  return Response.json(rule, { status: 201 });
});
