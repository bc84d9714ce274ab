// POST /v1/platform/tenants/{id}/resume - lift a suspension (ADR 0032)
import { json, route } from "@/lib/http/route";
import { resumeTenant, tenantHealthView } from "@/lib/platform/tenants";

export const POST = route(
  {
    permission: "platform.operate",
    surface: "platform",
    tenantTx: false,
    summary: "Resume a suspended tenant",
    description: "Platform operators only. Audited as tenant.resume in the tenant's chain and in the platform log.",
    response: tenantHealthView,
    errors: ["not_found"],
  },
  async ({ actor, params }) => json(await resumeTenant(actor, params.id)),
);
