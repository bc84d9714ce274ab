// PUT, DELETE /v1/monitoring/rules/{id}
import { auditActor } from "@/lib/audit/append";
import { route } from "@/lib/http/route";
import { deleteRule, ruleSchema, updateRule } from "@/lib/monitoring/rules";

export const dynamic = "force-dynamic";

export const PUT = route({ permission: "monitoring.write", body: ruleSchema }, async ({ tx, actor, params, body, ids }) => updateRule(tx, auditActor(actor), params.id, body, ids.requestId));

export const DELETE = route({ permission: "monitoring.write" }, async ({ tx, actor, params, ids }) => {
  await deleteRule(tx, auditActor(actor), params.id, ids.requestId);
  return new Response(null, { status: 204 });
});
