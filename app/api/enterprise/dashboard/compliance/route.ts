// GET /api/enterprise/dashboard/compliance - the compliance dashboard under its enterprise path (same handler as /v1/compliance/dashboard).
import { complianceDashboardRoute } from "@/lib/compliance/handler";

export const GET = complianceDashboardRoute();
