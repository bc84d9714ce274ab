// GET /v1/approvals?status=pending|approved|rejected|consumed|all - gated actions and their decisions
import { z } from "zod";
import { parseSearch } from "@/lib/audit/query";
import { route } from "@/lib/http/route";
import { listApprovals } from "@/lib/monitoring/approvals";

export const dynamic = "force-dynamic";

const schema = z.object({ status: z.enum(["pending", "approved", "rejected", "consumed", "all"]).default("all") });

export const GET = route({ permission: "monitoring.read" }, async ({ tx, req }) => ({ data: await listApprovals(tx, parseSearch(schema, new URL(req.url).searchParams).status) }));
