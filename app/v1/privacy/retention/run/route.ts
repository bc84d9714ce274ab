// POST /v1/privacy/retention/run - run this tenant's retention now ({ dry_run } counts without removing).
import { route } from "@/lib/http/route";
import { retentionRunSchema, runRetention } from "@/lib/privacy/retention";

// Audit pruning takes its own owner transaction, so no tenant transaction wraps the handler.
export const POST = route({ permission: "privacy.write", body: retentionRunSchema, tenantTx: false }, async ({ actor, body }) =>
  runRetention(actor.tenantId, { dryRun: body.dry_run, actor }),
);
