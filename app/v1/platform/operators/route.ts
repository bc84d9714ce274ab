// GET  /v1/platform/operators - the active platform operators
// POST /v1/platform/operators - grant an address operator rights ({ email }); in the platform log
import { z } from "zod";
import { json, route } from "@/lib/http/route";
import { grantOperator, listOperators, type Operator } from "@/lib/platform/operators";

const operatorView = z.object({ id: z.string(), email: z.string(), granted_by: z.string(), granted_at: z.string() });
const view = (o: Operator) => ({
  id: o.id,
  email: o.email,
  granted_by: o.grantedBy,
  granted_at: o.grantedAt.toISOString(),
});

export const GET = route(
  {
    permission: "platform.operate",
    surface: "platform",
    tenantTx: false,
    summary: "List platform operators",
    response: z.object({ data: z.array(operatorView) }),
  },
  async () => json({ data: (await listOperators()).map(view) }),
);

export const POST = route(
  {
    permission: "platform.operate",
    surface: "platform",
    tenantTx: false,
    body: z.object({ email: z.string().trim().toLowerCase().email().max(320) }).strict(),
    summary: "Grant platform operator rights",
    description:
      "Platform operators only. The new operator signs in through the platform IdP with a second factor. Recorded in the platform log.",
    response: operatorView,
    status: 201,
    errors: ["conflict"],
    example: { body: { email: "second.operator@platform.warden.test" } },
  },
  async ({ actor, body }) => json(view(await grantOperator(actor, body.email)), { status: 201 }),
);
