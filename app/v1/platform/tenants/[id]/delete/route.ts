// POST /v1/platform/tenants/{id}/delete - schedule a suspended tenant's deletion after the grace period (ADR 0035)
import { json, route } from "@/lib/http/route";
import { deletionView, scheduleTenantDeletion } from "@/lib/platform/erasure";

export const POST = route(
  {
    permission: "platform.operate",
    surface: "platform",
    tenantTx: false,
    summary: "Schedule a tenant's deletion",
    description:
      "Platform operators only. The tenant must be suspended (409 otherwise). Its rows are purged, its key shredded and a signed erasure certificate kept once the grace period (WARDEN_TENANT_DELETE_GRACE_DAYS, default 30) has passed; until then resuming the tenant or POST …/delete/cancel cancels. Audited as tenant.delete_scheduled in the tenant's chain and in the platform log.",
    response: deletionView,
    errors: ["not_found", "conflict"],
  },
  async ({ actor, params }) => json(await scheduleTenantDeletion(actor, params.id)),
);
