// POST /v1/platform/tenants/{id}/delete/cancel - cancel a scheduled deletion during its grace period (ADR 0035)
import { z } from "zod";
import { WardenError } from "@/lib/errors";
import { json, route } from "@/lib/http/route";
import { cancelTenantDeletion } from "@/lib/platform/erasure";

export const POST = route(
  {
    permission: "platform.operate",
    surface: "platform",
    tenantTx: false,
    summary: "Cancel a tenant's scheduled deletion",
    description:
      "Platform operators only. 409 when no deletion is scheduled. The tenant stays suspended. Audited as tenant.delete_cancelled in the tenant's chain and in the platform log.",
    response: z.object({ cancelled: z.literal(true) }),
    errors: ["not_found", "conflict"],
  },
  async ({ actor, params }) => {
    if (!(await cancelTenantDeletion(actor, params.id)))
      throw new WardenError("conflict", "No deletion is scheduled for this tenant");
    return json({ cancelled: true as const });
  },
);
