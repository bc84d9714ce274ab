// PUT, DELETE /v1/monitoring/rules/{id}
import { auditActor } from "@/lib/audit/append";
import { route } from "@/lib/http/route";
import { deleteRule, ruleSchema, ruleView, updateRule } from "@/lib/monitoring/rules";

export const dynamic = "force-dynamic";

const example = { params: { id: "mr_5b0c1e6f2d8a4c0e9f7a6b5c4d3e2f10" } };

export const PUT = route(
  {
    permission: "monitoring.write",
    summary: "Replace a monitoring rule",
    body: ruleSchema,
    response: ruleView,
    errors: ["not_found", "conflict"],
    example: {
      ...example,
      body: {
        name: "Failed login watch",
        type: "security_event",
        condition: "failed_logins > 20 in 1h",
        action: "alert_security_team",
        severity: "high",
      },
    },
  },
  async ({ tx, actor, params, body, ids }) => updateRule(tx, auditActor(actor), params.id, body, ids.requestId),
);

export const DELETE = route(
  {
    permission: "monitoring.write",
    summary: "Delete a monitoring rule and its alerts",
    status: 204,
    errors: ["not_found"],
    example,
  },
  async ({ tx, actor, params, ids }) => {
    await deleteRule(tx, auditActor(actor), params.id, ids.requestId);
    return new Response(null, { status: 204 });
  },
);
