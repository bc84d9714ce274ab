// POST /v1/alerts/{id}/resolve {"note"?} - open | acknowledged -> resolved (= PATCH /v1/alerts/{id}), audited
import { alertTransitionRoute } from "@/lib/monitoring/handlers";

export const dynamic = "force-dynamic";

export const POST = alertTransitionRoute("resolved");
