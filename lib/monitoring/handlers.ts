// Route handlers shared by several paths (approve / reject).
import "server-only";
import { auditActor } from "@/lib/audit/append";
import { route } from "@/lib/http/route";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { decideApproval, decisionSchema } from "./approvals";

export function decisionRoute(decision: "approve" | "reject") {
  // Own transaction: a refused self-approval commits its audit entry, then answers 403.
  return route({ permission: "monitoring.write", body: decisionSchema, tenantTx: false }, async ({ actor, params, body, ids }) => {
    const r = await withTenant(actor, (tx) => decideApproval(tx, auditActor(actor), params.id, decision, body.note, ids.requestId));
    if (!r.ok) throw r.error;
    return r.approval;
  });
}
