// GET /v1/monitoring/deliveries?status=pending|delivered|dead&limit=&cursor= - the notification outbox, newest first
import { listOf } from "@/lib/paging";
import { route } from "@/lib/http/route";
import { deliveryListQuery, deliveryView, listDeliveries } from "@/lib/notifications/outbox";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    permission: "monitoring.read",
    summary: "List notification deliveries (the outbox), newest first",
    query: deliveryListQuery,
    response: listOf(deliveryView),
    example: { query: { status: "pending" } },
  },
  async ({ tx, query }) => listDeliveries(tx, query),
);
