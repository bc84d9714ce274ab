// GET /v1/auth/debug - how this request was authenticated; ?permission=x explains a grant or a 403
import { z } from "zod";
import { debugInfo, debugView } from "@/lib/auth/introspect";
import { route } from "@/lib/http/route";

const query = z.object({
  permission: z.string().max(100).optional().describe("A permission to explain, e.g. audit.read"),
});

export const GET = route(
  {
    permission: "authenticated",
    tenantTx: false,
    summary: "How this request was authenticated, and why a permission is granted or refused",
    query,
    response: debugView,
    example: { query: { permission: "audit.read" } },
  },
  async ({ actor, ids, query }) => debugInfo(actor, ids, query.permission),
);
