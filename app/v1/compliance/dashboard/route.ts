// GET /v1/compliance/dashboard - security posture, framework control status, risks, activity and 30-day trends.
import { complianceDashboardRoute } from "@/lib/compliance/handler";

export const GET = complianceDashboardRoute();
