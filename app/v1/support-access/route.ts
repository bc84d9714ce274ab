// GET  /v1/support-access - the tenant's support access grants and their use (ADR 0037)
// POST /v1/support-access - grant a named platform operator time-boxed access
import { json, route } from "@/lib/http/route";
import { grantSupport, listSupportGrants } from "@/lib/support/grants";
import { supportGrantInput, supportGrantList, supportGrantView } from "@/lib/support/views";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    permission: "support.manage",
    summary: "List support access grants",
    description:
      "Every grant (active, expired, revoked), newest first, with how many audit entries were written under it and the newest one's time. Entries written under a grant have actor kind and auth method `support` and the grant id as actor reference (filter the audit trail with `actor=<grant id>`).",
    response: supportGrantList,
    example: {},
  },
  async ({ tx }) => listSupportGrants(tx),
);

export const POST = route(
  {
    permission: "support.manage",
    tenantTx: false,
    body: supportGrantInput,
    summary: "Grant support access",
    description:
      "Grants a named platform operator access to this tenant for 1-72 hours, read-only (every read permission) or admin (an admin's permissions except managing support access). The operator sees the grant in Platform and may enter the tenant until it expires or is revoked; the tenant's network rules for the console apply to them. Audited as support.grant.",
    response: supportGrantView,
    status: 201,
    errors: ["not_found"],
    example: {
      body: {
        operator_email: "operator@platform.warden.test",
        role: "read_only",
        hours: 4,
        reason: "Ticket 4711: budget alerts not delivered",
      },
    },
  },
  async ({ actor, body }) => json(await grantSupport(actor, body), { status: 201 }),
);
