// The seed document's three example monitoring rules, verbatim (used by the demo seed).
export const SEED_RULES = [
  {
    name: "Failed Login Monitoring",
    type: "security_event",
    condition: "failed_logins > 10 in 1h",
    action: "alert_security_team",
    severity: "high",
  },
  {
    name: "Data Export Monitoring",
    type: "data_access",
    condition: "data_export_size > 1GB",
    action: "require_approval",
    severity: "medium",
  },
  {
    name: "Budget Threshold Alert",
    type: "budget_usage",
    condition: "usage > 80% of budget",
    action: "notify_manager",
    severity: "low",
  },
] as const;
