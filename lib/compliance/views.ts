// The compliance dashboard's answer as the OpenAPI document and the contract test read it:
// GET /v1/compliance/dashboard and GET /api/enterprise/dashboard/compliance (the same handler).
import { z } from "zod";
import { CHECK_IDS, FRAMEWORKS } from "./catalog";

const checkStatus = z.enum(["pass", "fail", "not_applicable"]);
const frameworkStatus = z.enum(["compliant", "in_progress", "not_applicable"]);
const evidence = z.object({
  label: z.string(),
  href: z.string().describe("A console link to the rows behind the figure"),
});
const scalar = z.union([z.number(), z.string(), z.boolean(), z.null()]);

const checkView = z.object({
  id: z.enum(CHECK_IDS),
  title: z.string(),
  description: z.string(),
  weight: z.number().int(),
  frameworks: z.array(z.string()),
  status: checkStatus,
  value: z
    .union([z.number(), z.string(), z.boolean(), z.record(z.string(), scalar)])
    .describe("The figure the check measured"),
  evidence: z.array(evidence),
});

const frameworkView = z.object({
  id: z.enum(FRAMEWORKS),
  name: z.string(),
  applicable: z.boolean(),
  status: frameworkStatus,
  controls_passing: z.number().int(),
  controls_total: z.number().int(),
  controls: z.array(
    z.object({ id: z.string(), title: z.string(), status: checkStatus, checks: z.array(z.enum(CHECK_IDS)) }),
  ),
});

const riskItem = z.object({
  source: z.enum(["check", "alert"]),
  id: z.string(),
  check: z.enum(CHECK_IDS).optional(),
  alert_id: z.string().optional(),
  title: z.string(),
  level: z.enum(["high", "medium", "low"]),
  owner: z.string(),
  mitigation_status: z.enum(["open", "in_progress"]),
  progress_pct: z.number().describe("Share of the related checks passing now (an acknowledged alert counts 50)"),
  evidence: z.array(evidence),
});

export const complianceDashboardView = z
  .object({
    security_posture: z.object({
      overall_score: z.number().describe("Weighted share of passing checks, 0-100"),
      active_alerts: z.number().int(),
      active_alerts_by_severity: z.object({ high: z.number().int(), medium: z.number().int(), low: z.number().int() }),
      failed_logins_24h: z.number().int(),
      privilege_escalations: z.number().int(),
      privilege_escalations_window: z.string(),
    }),
    compliance_status: z.object({
      soc2_type2_compliance: frameworkStatus,
      gdpr_compliance: frameworkStatus,
      iso27001_compliance: frameworkStatus,
      hipaa_compliance: frameworkStatus,
    }),
    risk_assessment: z.object({
      high_risk_items: z.number().int(),
      medium_risk_items: z.number().int(),
      low_risk_items: z.number().int(),
      mitigation_progress: z.string().describe('A percentage, e.g. "83%"'),
      mitigation_progress_basis: z.string(),
      items: z.array(riskItem),
    }),
    recent_activities: z.array(
      z.object({
        timestamp: z.string(),
        type: z.string().describe("user_login for sign-ins; otherwise the action with dots as underscores"),
        user: z.string(),
        status: z.string(),
        action: z.string(),
        href: z.string(),
      }),
    ),
    frameworks: z.array(frameworkView),
    checks: z.array(checkView),
    trends_30d: z.array(
      z.object({
        day: z.string(),
        failed_logins: z.number().int(),
        escalations: z.number().int(),
        spend_usd: z.number(),
      }),
    ),
    generated_at: z.iso.datetime(),
  })
  .meta({ id: "ComplianceDashboard" });

export const frameworkApplicabilityView = z
  .object({
    frameworks: z.object(
      Object.fromEntries(FRAMEWORKS.map((f) => [f, z.boolean()])) as Record<(typeof FRAMEWORKS)[number], z.ZodBoolean>,
    ),
  })
  .meta({ id: "FrameworkApplicability" });
