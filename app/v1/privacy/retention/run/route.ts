// POST /v1/privacy/retention/run - run this tenant's retention now ({ dry_run } counts without removing).
import { route } from "@/lib/http/route";
import { retentionReportView, retentionRunSchema, runRetention } from "@/lib/privacy/retention";

// Audit pruning takes its own owner transaction, so no tenant transaction wraps the handler.
export const POST = route(
  {
    permission: "privacy.write",
    body: retentionRunSchema,
    tenantTx: false,
    summary: "Run this tenant's retention now",
    description:
      "Removes what is older than each class's retention (audit entries only behind a signed anchor checkpoint); dry_run counts instead. Audited as privacy.retention.run.",
    response: retentionReportView,
    example: { body: { dry_run: true } },
  },
  async ({ actor, body }) => runRetention(actor.tenantId, { dryRun: body.dry_run, actor }),
);
