// POST /v1/platform/tenants/{id}/suspend - refuse every credential of the tenant, keep its data (ADR 0032)
import { json, route } from "@/lib/http/route";
import { suspendInput, suspendTenant, tenantHealthView } from "@/lib/platform/tenants";

export const POST = route(
  {
    permission: "platform.operate",
    surface: "platform",
    tenantTx: false,
    body: suspendInput,
    summary: "Suspend a tenant",
    description:
      "Platform operators only. Every sign-in, session, API key, OIDC bearer token, virtual key and SCIM token of the tenant is then refused with 403 tenant_suspended; the data is kept. Audited as tenant.suspend in the tenant's chain and in the platform log (with the reason).",
    response: tenantHealthView,
    errors: ["not_found"],
    example: { body: { reason: "unpaid invoice" } },
  },
  async ({ actor, params, body }) => json(await suspendTenant(actor, params.id, body.reason)),
);
