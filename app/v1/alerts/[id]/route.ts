// PATCH /v1/alerts/{id} {"status": "acknowledged" | "resolved", "note"?} - with history, audited
import { auditActor } from "@/lib/audit/append";
import { route } from "@/lib/http/route";
import { alertView, transitionAlert, transitionSchema } from "@/lib/monitoring/alerts";

export const dynamic = "force-dynamic";

export const PATCH = route(
  {
    permission: "monitoring.write",
    summary: "Acknowledge or resolve an alert",
    description:
      "open -> acknowledged -> resolved (or open -> resolved); the change is kept in the alert's history and audited. Any other transition answers 409.",
    body: transitionSchema,
    response: alertView,
    errors: ["not_found", "conflict"],
    example: {
      params: { id: "alr_5b0c1e6f2d8a4c0e9f7a6b5c4d3e2f10" },
      body: { status: "resolved", note: "Limits reviewed" },
    },
  },
  async ({ tx, actor, params, body, ids }) => transitionAlert(tx, auditActor(actor), params.id, body, ids.requestId),
);
