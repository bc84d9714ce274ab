// PATCH /v1/alerts/{id} {"status": "acknowledged" | "resolved", "note"?} - with history, audited
import { auditActor } from "@/lib/audit/append";
import { route } from "@/lib/http/route";
import { transitionAlert, transitionSchema } from "@/lib/monitoring/alerts";

export const dynamic = "force-dynamic";

export const PATCH = route({ permission: "monitoring.write", body: transitionSchema }, async ({ tx, actor, params, body, ids }) => transitionAlert(tx, auditActor(actor), params.id, body, ids.requestId));
