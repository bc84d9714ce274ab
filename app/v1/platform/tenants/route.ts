// GET  /v1/platform/tenants - every tenant with health aggregates (platform operators only, ADR 0032)
// POST /v1/platform/tenants - create a tenant ({ slug, name, domains, first_admin_email, invite_first_admin?, identity_provider? })
import { z } from "zod";
import { json, route } from "@/lib/http/route";
import { createPlatformTenant, createTenantInput, tenantHealthView, tenantOverview } from "@/lib/platform/tenants";

export const GET = route(
  {
    permission: "platform.operate",
    surface: "platform",
    tenantTx: false,
    summary: "List tenants with health figures",
    description:
      "Platform operators only. Aggregates, no tenant data: active people, the audit chain head and its last append, the last chain verification, 30-day usage totals.",
    response: z.object({ data: z.array(tenantHealthView) }),
  },
  async () => json({ data: await tenantOverview() }),
);

export const POST = route(
  {
    permission: "platform.operate",
    surface: "platform",
    tenantTx: false,
    body: createTenantInput,
    summary: "Create a tenant",
    description:
      "Platform operators only. The first admin is admitted as admin at their first single sign-on from one of the domains (a verified e-mail); with invite_first_admin they are first sent a single-use, expiring invitation through the platform's SMTP server (WARDEN_PLATFORM_SMTP_URL; 400 without it, 502 and no tenant when it cannot be sent) and are admitted only after accepting it; identity_provider adds the tenant's OpenID Connect IdP. Audited as tenant.create in the new tenant's chain and in the platform log.",
    response: tenantHealthView,
    status: 201,
    errors: ["conflict", "upstream_error"],
    example: {
      body: { slug: "initech", name: "Initech", domains: ["initech.test"], first_admin_email: "peter@initech.test" },
    },
  },
  async ({ actor, body }) => json(await createPlatformTenant(actor, body), { status: 201 }),
);
