// POST /v1/monitoring/deliveries/{id}/retry - a waiting or dead delivery becomes due now
import { z } from "zod";
import { WardenError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { kickMonitor } from "@/lib/monitoring/monitor";
import { retryDelivery } from "@/lib/notifications/outbox";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    permission: "monitoring.write",
    summary: "Retry a waiting or dead delivery now",
    response: z.object({ id: z.string(), status: z.literal("pending").describe("Due now") }),
    errors: ["not_found"],
    example: { params: { id: "ntf_5b0c1e6f2d8a4c0e9f7a6b5c4d3e2f10" } },
  },
  async ({ tx, params, actor }) => {
    if (!(await retryDelivery(tx, params.id)))
      throw new WardenError("not_found", "No waiting or dead delivery with this id");
    kickMonitor(actor.tenantId);
    return { id: params.id, status: "pending" as const };
  },
);
