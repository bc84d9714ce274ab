// GET /v1/auth/debug - how this request was authenticated; ?permission=x explains a grant or a 403
import { z } from "zod";
import { debugInfo } from "@/lib/auth/introspect";
import { route } from "@/lib/http/route";

const query = z.object({ permission: z.string().max(100).optional() });

export const GET = route({ permission: "authenticated", tenantTx: false }, async ({ req, actor, ids }) => {
  const { permission } = query.parse(Object.fromEntries(new URL(req.url).searchParams));
  return debugInfo(actor, ids, permission);
});
