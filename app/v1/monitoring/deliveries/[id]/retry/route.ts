// POST /v1/monitoring/deliveries/{id}/retry - a waiting or dead delivery becomes due now
import { WardenError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { kickMonitor } from "@/lib/monitoring/monitor";
import { retryDelivery } from "@/lib/notifications/outbox";

export const dynamic = "force-dynamic";

export const POST = route({ permission: "monitoring.write" }, async ({ tx, params }) => {
  if (!(await retryDelivery(tx, params.id))) throw new WardenError("not_found", "No waiting or dead delivery with this id");
  kickMonitor();
  return { id: params.id, status: "pending" };
});
