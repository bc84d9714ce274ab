// GET /v1/monitoring/deliveries?status=pending|delivered|dead&limit=&cursor= - the notification outbox, newest first
import { route } from "@/lib/http/route";
import { deliveryListQuery, listDeliveries } from "@/lib/notifications/outbox";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "monitoring.read", query: deliveryListQuery }, async ({ tx, query }) => listDeliveries(tx, query));
