// GET /v1/audit/verify - recompute the tenant's chain now: { verified, checked, first_bad_seq, reason, head }
import { auditActor } from "@/lib/audit/append";
import { verifyTenant } from "@/lib/audit/verification";
import { verifyResultSchema } from "@/lib/audit/verify";
import { route } from "@/lib/http/route";

// Own transactions: the verification is recorded, then a checkpoint is signed after it commits.
export const GET = route(
  {
    permission: "audit.verify",
    tenantTx: false,
    summary: "Verify the audit chain",
    description:
      "Recomputes every entry's HMAC now, against the head and the highest signed checkpoint; records the result (audited as audit.verify, or audit.chain_broken) and signs a new checkpoint when it verifies.",
    response: verifyResultSchema,
    example: {},
  },
  async ({ actor, ids }) =>
    verifyTenant(actor.tenantId, { trigger: "api", actor: auditActor(actor), requestId: ids.requestId }),
);
