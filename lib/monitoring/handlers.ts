// Route handlers served at more than one path: approve / reject, the alert transitions
// (PATCH /v1/alerts/{id} and POST /v1/alerts/{id}/acknowledge|resolve), and the monitoring
// configuration document (GET, POST /v1/compliance/monitoring = /api/enterprise/compliance/monitoring).
import "server-only";
import { auditActor } from "@/lib/audit/append";
import { route } from "@/lib/http/route";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { channelsView } from "@/lib/notifications/settings";
import { transitionAlert, transitionNoteSchema } from "./alerts";
import { decideApproval, decisionSchema } from "./approvals";
import { kickMonitor } from "./monitor";
import { applyMonitoringConfig, listRules, monitoringBodySchema } from "./rules";

export function decisionRoute(decision: "approve" | "reject") {
  // Own transaction: a refused self-approval commits its audit entry, then answers 403.
  return route({ permission: "monitoring.write", body: decisionSchema, tenantTx: false }, async ({ actor, params, body, ids }) => {
    const r = await withTenant(actor, (tx) => decideApproval(tx, auditActor(actor), params.id, decision, body.note, ids.requestId));
    if (!r.ok) throw r.error;
    return r.approval;
  });
}

/** POST /v1/alerts/{id}/acknowledge and /resolve: PATCH /v1/alerts/{id} with the status in the path. */
export function alertTransitionRoute(status: "acknowledged" | "resolved") {
  return route({ permission: "monitoring.write", body: transitionNoteSchema }, async ({ tx, actor, params, body, ids }) =>
    transitionAlert(tx, auditActor(actor), params.id, { status, note: body.note }, ids.requestId),
  );
}

/** The monitoring configuration in the seed's shape: every rule and the notification channels. */
export const monitoringConfig = {
  GET: route({ permission: "monitoring.read" }, async ({ tx }) => ({ monitoring_rules: await listRules(tx), notification_channels: await channelsView(tx) })),
  /** Rules upserted by name (conditions parsed strictly), channels replaced when given; 201. */
  POST: route({ permission: "monitoring.write", body: monitoringBodySchema }, async ({ tx, actor, body, ids }) => {
    const out = await applyMonitoringConfig(tx, actor.tenantId, auditActor(actor), body, ids.requestId);
    kickMonitor();
    return Response.json(out, { status: 201 });
  }),
};
