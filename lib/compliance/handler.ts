// The one handler behind GET /v1/compliance/dashboard and GET /api/enterprise/dashboard/compliance.
import "server-only";
import { route } from "@/lib/http/route";
import { complianceDashboard } from "./dashboard";
import { complianceDashboardView } from "./views";

export const complianceDashboardRoute = () =>
  route(
    {
      permission: "dashboards.read",
      summary: "The compliance dashboard: security posture, framework status, risks, recent activity and 30-day trends",
      description: "Every figure is computed from the tenant's rows at request time; each check links to its evidence.",
      response: complianceDashboardView,
      example: {},
    },
    async ({ actor, tx }) => complianceDashboard(tx, actor.tenantId),
  );
