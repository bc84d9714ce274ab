// Route handlers served at more than one path: approve / reject, the alert transitions
// (PATCH /v1/alerts/{id} and POST /v1/alerts/{id}/acknowledge|resolve), and the monitoring
// configuration document (GET, POST /v1/compliance/monitoring = /api/enterprise/compliance/monitoring).
import "server-only";
import { auditActor } from "@/lib/audit/append";
import { route } from "@/lib/http/route";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { channelsView } from "@/lib/notifications/settings";
import { alertView, transitionAlert, transitionNoteSchema } from "./alerts";
import { approvalView, decideApproval, decisionSchema } from "./approvals";
import { kickMonitor } from "./monitor";
import { applyMonitoringConfig, listRules, monitoringBodySchema, monitoringConfigView } from "./rules";

export function decisionRoute(decision: "approve" | "reject") {
  const decl = {
    permission: "monitoring.write" as const,
    summary: decision === "approve" ? "Approve a gated action" : "Reject a gated action",
    description: `Another admin decides; the requester never can (403, audited). A request that is no longer pending answers 409.${decision === "approve" ? " The requester then repeats the action with approval_id (or starts the held report), once." : ""}`,
    body: decisionSchema,
    response: approvalView,
    errors: ["not_found" as const, "conflict" as const],
    example: {
      params: { id: "apr_5b0c1e6f2d8a4c0e9f7a6b5c4d3e2f10" },
      body: { note: decision === "approve" ? "Quarterly review" : "Not needed" },
    },
  };
  // Own transaction: a refused self-approval commits its audit entry, then answers 403.
  return route({ ...decl, tenantTx: false }, async ({ actor, params, body, ids }) => {
    const r = await withTenant(actor, (tx) =>
      decideApproval(tx, auditActor(actor), params.id, decision, body.note, ids.requestId),
    );
    if (!r.ok) throw r.error;
    return r.approval;
  });
}

/** POST /v1/alerts/{id}/acknowledge and /resolve: PATCH /v1/alerts/{id} with the status in the path. */
export function alertTransitionRoute(status: "acknowledged" | "resolved") {
  const decl = {
    permission: "monitoring.write" as const,
    summary: status === "acknowledged" ? "Acknowledge an alert" : "Resolve an alert",
    description: `The same change as PATCH /v1/alerts/{id} with {"status": "${status}"}: kept in the alert's history and audited. ${status === "acknowledged" ? "Only an open alert can be acknowledged" : "A resolved alert cannot be resolved again"} (409).`,
    body: transitionNoteSchema,
    response: alertView,
    errors: ["not_found" as const, "conflict" as const],
    example: {
      params: { id: "alr_5b0c1e6f2d8a4c0e9f7a6b5c4d3e2f10" },
      body: { note: status === "acknowledged" ? "Looking into it" : "Blocked at the edge" },
    },
  };
  return route(decl, async ({ tx, actor, params, body, ids }) =>
    transitionAlert(tx, auditActor(actor), params.id, { status, note: body.note }, ids.requestId),
  );
}

/** The monitoring configuration as one document: every rule and the notification channels. */
export const monitoringConfig = {
  GET: route(
    {
      permission: "monitoring.read",
      summary: "Read the monitoring rules and notification channels",
      response: monitoringConfigView,
      example: {},
    },
    async ({ tx }) => ({ monitoring_rules: await listRules(tx), notification_channels: await channelsView(tx) }),
  ),
  /** Rules upserted by name (conditions parsed strictly), channels replaced when given; 201. */
  POST: route(
    {
      permission: "monitoring.write",
      summary: "Apply monitoring rules and notification channels (one document)",
      description:
        "Each rule is created or replaced by name (conditions parsed strictly; a 400 names the column); notification_channels, when given, are saved as by PUT /v1/monitoring/channels. Audited per rule and for the channels. Answers the rules written and the channels.",
      body: monitoringBodySchema,
      response: monitoringConfigView,
      status: 201,
      example: {
        body: {
          monitoring_rules: [
            {
              name: "Failed Login Monitoring",
              type: "security_event",
              condition: "failed_logins > 10 in 1h",
              action: "alert_security_team",
              severity: "high",
            },
          ],
          notification_channels: { email: ["security@acme.test"] },
        },
      },
    },
    async ({ tx, actor, body, ids }) => {
      const out = await applyMonitoringConfig(tx, auditActor(actor), body, ids.requestId);
      kickMonitor(actor.tenantId);
      return Response.json(out, { status: 201 });
    },
  ),
};
