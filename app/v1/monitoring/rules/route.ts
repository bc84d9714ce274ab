// GET, POST /v1/monitoring/rules - the tenant's monitoring rules (oldest first, paged)
import { auditActor } from "@/lib/audit/append";
import { listOf, pageQuery } from "@/lib/paging";
import { route } from "@/lib/http/route";
import { kickMonitor } from "@/lib/monitoring/monitor";
import { createRule, pageRules, ruleSchema, ruleView } from "@/lib/monitoring/rules";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    permission: "monitoring.read",
    summary: "List monitoring rules, oldest first",
    query: pageQuery,
    response: listOf(ruleView),
    example: { query: { limit: "50" } },
  },
  async ({ tx, query }) => pageRules(tx, query),
);

export const POST = route(
  {
    permission: "monitoring.write",
    summary: "Create a monitoring rule",
    description:
      "The condition is parsed strictly (a 400 names the column of the first error); require_approval works with data_export_size only. Audited.",
    body: ruleSchema,
    response: ruleView,
    status: 201,
    errors: ["conflict"],
    example: {
      body: {
        name: "Escalation watch",
        type: "security_event",
        condition: "privilege_escalations > 0 in 1h",
        action: "alert_security_team",
        severity: "high",
      },
    },
  },
  async ({ tx, actor, body, ids }) => {
    const rule = await createRule(tx, auditActor(actor), body, ids.requestId);
    kickMonitor(actor.tenantId);
    return Response.json(rule, { status: 201 });
  },
);
