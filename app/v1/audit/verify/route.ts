// GET /v1/audit/verify - recompute the tenant's chain now: { verified, checked, first_bad_seq, reason, head }
import { auditActor } from "@/lib/audit/append";
import { verifyTenant } from "@/lib/audit/verification";
import { route } from "@/lib/http/route";

// Own transactions: the verification is recorded, then a checkpoint is signed after it commits.
export const GET = route({ permission: "audit.verify", tenantTx: false }, async ({ actor, ids }) =>
  verifyTenant(actor.tenantId, { trigger: "api", actor: auditActor(actor), requestId: ids.requestId }),
);
