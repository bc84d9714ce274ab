// GET /v1/scim/events - the provisioning log (recent SCIM operations and their outcome)
import { z } from "zod";
import { route } from "@/lib/http/route";
import { listScimEvents } from "@/lib/scim/events";

const query = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(64).optional() });

export const GET = route({ permission: "scim.read" }, async ({ tx, req }) => {
  const q = query.parse(Object.fromEntries(new URL(req.url).searchParams));
  return listScimEvents(tx, q.limit, q.cursor);
});
