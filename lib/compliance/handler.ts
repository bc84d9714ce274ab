// The one handler behind GET /v1/compliance/dashboard and GET /api/enterprise/dashboard/compliance.
import "server-only";
import { route } from "@/lib/http/route";
import { complianceDashboard } from "./dashboard";

export const complianceDashboardRoute = () =>
  route({ permission: "dashboards.read" }, async ({ actor, tx }) => complianceDashboard(tx, actor.tenantId));
