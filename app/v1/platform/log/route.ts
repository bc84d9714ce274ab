// GET /v1/platform/log - the platform log: operator grants, revocations, sign-ins, tenant lifecycle
import { z } from "zod";
import { json, route } from "@/lib/http/route";
import { platformLogEntries } from "@/lib/platform/operators";

const entryView = z.object({
  id: z.string(),
  at: z.string(),
  operator_id: z.string(),
  action: z.string(),
  tenant_id: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

export const GET = route(
  {
    permission: "platform.operate",
    surface: "platform",
    tenantTx: false,
    summary: "Read the platform log",
    description: "Platform operators only. The newest 100 entries.",
    response: z.object({ data: z.array(entryView) }),
  },
  async () =>
    json({
      data: (await platformLogEntries(100)).map((e) => ({
        id: e.id,
        at: e.at.toISOString(),
        operator_id: e.operatorId,
        action: e.action,
        tenant_id: e.tenantId,
        details: e.details,
      })),
    }),
);
