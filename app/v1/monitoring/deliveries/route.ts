// GET /v1/monitoring/deliveries?status=pending|delivered|dead - the notification outbox
import { z } from "zod";
import { parseSearch } from "@/lib/audit/query";
import { route } from "@/lib/http/route";
import { listDeliveries } from "@/lib/notifications/outbox";

export const dynamic = "force-dynamic";

const schema = z.object({ status: z.enum(["pending", "delivered", "dead"]).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });

export const GET = route({ permission: "monitoring.read" }, async ({ tx, req }) => ({ data: await listDeliveries(tx, parseSearch(schema, new URL(req.url).searchParams)) }));
