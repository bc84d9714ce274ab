// POST /v1/approvals/{id}/reject {"note"?} - another admin decides; the requester never can (audited either way)
import { decisionRoute } from "@/lib/monitoring/handlers";

export const dynamic = "force-dynamic";

export const POST = decisionRoute("reject");
