// From check results to posture: the weighted score, per-framework control status and the risk
// items (one per failing check). Pure functions over the results, so the figures are testable.
import { CHECKS, FRAMEWORK_CONTROLS, FRAMEWORKS, type CheckId, type Framework } from "./catalog";
import type { CheckResult, CheckStatus } from "./checks";

export type CheckView = CheckResult & {
  id: CheckId;
  title: string;
  description: string;
  weight: number;
  frameworks: string[];
};
export type FrameworkStatus = "compliant" | "in_progress" | "not_applicable";

export interface FrameworkView {
  id: Framework;
  name: string;
  applicable: boolean;
  status: FrameworkStatus;
  controls_passing: number;
  controls_total: number;
  controls: { id: string; title: string; status: CheckStatus; checks: CheckId[] }[];
}

export interface RiskItem {
  /** A failing automated check, or an active monitoring alert. */
  source: "check" | "alert";
  id: string;
  check?: CheckId;
  alert_id?: string;
  title: string;
  level: "high" | "medium" | "low";
  owner: string;
  /** open; in_progress once an alert is acknowledged. */
  mitigation_status: "open" | "in_progress";
  /** Share of the checks in the frameworks this check maps to that pass right now. */
  progress_pct: number;
  evidence: CheckResult["evidence"];
}

const LEVEL = { 3: "high", 2: "medium", 1: "low" } as const;

/** Weighted share of passing checks, 0-100; not-applicable checks count neither way. */
export function score(checks: CheckView[]): number {
  const counted = checks.filter((c) => c.status !== "not_applicable");
  const total = counted.reduce((s, c) => s + c.weight, 0);
  if (total === 0) return 100;
  return Math.round((100 * counted.filter((c) => c.status === "pass").reduce((s, c) => s + c.weight, 0)) / total);
}

function controlStatus(ids: CheckId[], byId: Map<CheckId, CheckView>): CheckStatus {
  const st = ids.map((id) => byId.get(id)!.status).filter((s) => s !== "not_applicable");
  if (st.length === 0) return "not_applicable";
  return st.every((s) => s === "pass") ? "pass" : "fail";
}

export function frameworks(checks: CheckView[], applicable: Record<Framework, boolean>): FrameworkView[] {
  const byId = new Map(checks.map((c) => [c.id, c]));
  return FRAMEWORKS.map((id) => {
    const def = FRAMEWORK_CONTROLS[id];
    const controls = def.controls.map((c) => ({
      id: c.id,
      title: c.title,
      status: controlStatus(c.checks, byId),
      checks: c.checks,
    }));
    const counted = controls.filter((c) => c.status !== "not_applicable");
    const passing = counted.filter((c) => c.status === "pass").length;
    const status: FrameworkStatus = !applicable[id]
      ? "not_applicable"
      : passing === counted.length
        ? "compliant"
        : "in_progress";
    return {
      id,
      name: def.name,
      applicable: applicable[id],
      status,
      controls_passing: passing,
      controls_total: counted.length,
      controls,
    };
  });
}

export function checkView(id: CheckId, r: CheckResult): CheckView {
  const fws = FRAMEWORKS.flatMap((f) =>
    FRAMEWORK_CONTROLS[f].controls
      .filter((c) => c.checks.includes(id))
      .map((c) => `${FRAMEWORK_CONTROLS[f].name} ${c.id}`),
  );
  return { id, ...CHECKS[id], ...r, frameworks: fws };
}

function checksOf(fw: Framework[]): Set<CheckId> {
  return new Set(fw.flatMap((f) => FRAMEWORK_CONTROLS[f].controls.flatMap((c) => c.checks)));
}

/** Share of checks passing (not-applicable excluded), as a whole percentage. */
export function passShare(checks: CheckView[], ids: Set<CheckId>): number {
  const counted = checks.filter((c) => ids.has(c.id) && c.status !== "not_applicable");
  return counted.length ? Math.round((100 * counted.filter((c) => c.status === "pass").length) / counted.length) : 100;
}

export function riskItems(checks: CheckView[], applicable: Record<Framework, boolean>, owner: string): RiskItem[] {
  const active = FRAMEWORKS.filter((f) => applicable[f]);
  return checks
    .filter((c) => c.status === "fail")
    .map((c) => {
      const fws = active.filter((f) => FRAMEWORK_CONTROLS[f].controls.some((k) => k.checks.includes(c.id)));
      return {
        source: "check" as const,
        id: `check:${c.id}`,
        check: c.id,
        title: c.title,
        level: LEVEL[c.weight as 1 | 2 | 3],
        owner,
        mitigation_status: "open" as const,
        progress_pct: passShare(checks, checksOf(fws)),
        evidence: c.evidence,
      };
    })
    .sort((a, b) => CHECKS[b.check].weight - CHECKS[a.check].weight);
}

const RANK = { high: 3, medium: 2, low: 1 } as const;

/** One risk item per active alert: acknowledged means mitigation is under way (50%). */
export function alertRiskItems(
  alerts: {
    id: string;
    title: string;
    severity: string;
    status: string;
    summary: string;
    acknowledgedBy: string | null;
  }[],
  owner: string,
): RiskItem[] {
  return alerts.map((a) => ({
    source: "alert" as const,
    id: `alert:${a.id}`,
    alert_id: a.id,
    title: `Alert: ${a.title}`,
    level: (a.severity in RANK ? a.severity : "medium") as RiskItem["level"],
    owner: a.acknowledgedBy ? `${a.acknowledgedBy} (acknowledged)` : owner,
    mitigation_status: a.status === "acknowledged" ? ("in_progress" as const) : ("open" as const),
    progress_pct: a.status === "acknowledged" ? 50 : 0,
    evidence: [{ label: a.summary, href: `/monitoring?alert=${a.id}` }],
  }));
}

export function byLevel(items: RiskItem[]): RiskItem[] {
  return [...items].sort((a, b) => RANK[b.level] - RANK[a.level]);
}

/** Overall mitigation progress: share of passing checks across the applicable frameworks. */
export function mitigationProgress(checks: CheckView[], applicable: Record<Framework, boolean>): number {
  return passShare(checks, checksOf(FRAMEWORKS.filter((f) => applicable[f])));
}
