// The one handler behind GET /v1/compliance/dashboard and GET /api/enterprise/dashboard/compliance.
import "server-only";
import { route } from "@/lib/http/route";
import { servedDashboard } from "./dashboard";
import { complianceDashboardView } from "./views";

export const complianceDashboardRoute = () =>
  route(
    {
      permission: "dashboards.read",
      summary: "The compliance dashboard: security posture, framework status, risks, recent activity and 30-day trends",
      description:
        "Every figure is computed from the tenant's rows; a computed dashboard is served again for up to 30 s while the tenant's audit chain head and latest usage record are unchanged (generated_at tells when). Each check links to its evidence.",
      response: complianceDashboardView,
      example: {},
    },
    async ({ tx }) => servedDashboard(tx),
  );
