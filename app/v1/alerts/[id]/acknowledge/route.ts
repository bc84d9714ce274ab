// POST /v1/alerts/{id}/acknowledge {"note"?} - open -> acknowledged (= PATCH /v1/alerts/{id}), audited
import { alertTransitionRoute } from "@/lib/monitoring/handlers";

export const dynamic = "force-dynamic";

export const POST = alertTransitionRoute("acknowledged");
