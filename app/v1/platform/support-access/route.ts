// GET /v1/platform/support-access - the calling operator's live support access grants (ADR 0037)
import { json, route } from "@/lib/http/route";
import { operatorGrants } from "@/lib/support/grants";
import { operatorGrantList } from "@/lib/support/views";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    permission: "platform.operate",
    surface: "platform",
    tenantTx: false,
    summary: "List the support access granted to you",
    description:
      "Platform operators only. The tenants whose admins granted the calling operator access that has not expired or been revoked.",
    response: operatorGrantList,
  },
  async ({ actor }) => json({ data: await operatorGrants(actor.subject) }),
);
