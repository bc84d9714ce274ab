// POST /v1/monitoring/evaluate - evaluate this tenant's rules and deliver due notifications now
import { route } from "@/lib/http/route";
import { monitorPassView, runMonitorOnce } from "@/lib/monitoring/monitor";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    permission: "monitoring.write",
    tenantTx: false,
    summary: "Evaluate this tenant's rules and deliver due notifications now",
    response: monitorPassView,
    example: {},
  },
  async ({ actor }) => runMonitorOnce({ tenantIds: [actor.tenantId], force: true }),
);
