// GET /v1/auth/me - the calling actor: tenant, role, permissions, what it can and cannot do
import { describeMe, meView } from "@/lib/auth/introspect";
import { route } from "@/lib/http/route";

export const GET = route(
  {
    permission: "authenticated",
    summary: "Who is calling: tenant, role, permissions, and what it can and cannot do",
    response: meView,
    example: {},
  },
  async ({ actor, tx }) => {
    const tenant = await tx.tenant.findUnique({ where: { id: actor.tenantId }, select: { name: true } });
    return describeMe(actor, tenant?.name);
  },
);
