// The compliance report type: the control catalog evaluated at the window's end.
import "server-only";
import { complianceDashboard } from "@/lib/compliance/dashboard";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import type { Figure, ReportParams } from "../spec";
import { type Row, type Source } from "./common";

const COMPLIANCE_COLUMNS = ["framework", "control", "title", "status", "checks", "evidence"];

type Dashboard = Awaited<ReturnType<typeof complianceDashboard>>;

/**
 * The catalog at the window's end, evaluated once per transaction: a preview asks for the summary
 * and the first rows, a generation batch for its slice, and within one transaction the answer for
 * the same instant cannot differ (the whole catalog is about 90 statements).
 */
const evaluatedIn = new WeakMap<TenantTx, Map<string, Promise<Dashboard>>>();
function dashboardAt(tx: TenantTx, at: string): Promise<Dashboard> {
  let byAt = evaluatedIn.get(tx);
  if (!byAt) evaluatedIn.set(tx, (byAt = new Map()));
  let dash = byAt.get(at);
  if (!dash) byAt.set(at, (dash = complianceDashboard(tx, new Date(at))));
  return dash;
}

async function complianceRows(tx: TenantTx, p: ReportParams): Promise<{ rows: Row[]; dash: Dashboard }> {
  const dash = await dashboardAt(tx, p.to);
  const byId = new Map(dash.checks.map((c) => [c.id, c]));
  const rows: Row[] = [];
  for (const fw of dash.frameworks) {
    for (const c of fw.controls) {
      const evidence = c.checks.flatMap((id) => (byId.get(id)?.evidence ?? []).map((e) => `${e.label} <${e.href}>`));
      rows.push({
        framework: fw.name,
        control: c.id,
        title: c.title,
        status: fw.applicable ? c.status : "not_applicable",
        checks: c.checks.join(" "),
        evidence: evidence.join("; "),
      });
    }
  }
  return { rows, dash };
}

export const complianceSource: Source = {
  columns: COMPLIANCE_COLUMNS,
  async summary(tx, p) {
    const { rows, dash } = await complianceRows(tx, p);
    const applicable = dash.frameworks.filter((f) => f.applicable);
    const figures: Figure[] = [
      { key: "score", label: "Posture score", value: dash.security_posture.overall_score, unit: "percent" },
      {
        key: "frameworks_compliant",
        label: "Frameworks compliant",
        value: applicable.filter((f) => f.status === "compliant").length,
      },
      {
        key: "controls_passing",
        label: "Controls passing",
        value: applicable.reduce((a, f) => a + f.controls_passing, 0),
      },
      {
        key: "controls_total",
        label: "Controls evaluated",
        value: applicable.reduce((a, f) => a + f.controls_total, 0),
      },
      {
        key: "checks_failing",
        label: "Checks failing",
        value: dash.checks.filter((c) => c.status === "fail").length,
      },
    ];
    return {
      figures,
      chart: {
        title: "Controls passing per framework",
        points: dash.frameworks.map((f) => ({ label: f.name, value: f.controls_passing })),
      },
      breakdowns: [
        {
          title: "Frameworks",
          columns: ["Framework", "Status", "Controls passing", "Controls evaluated"],
          rows: dash.frameworks.map((f) => [f.name, f.status, f.controls_passing, f.controls_total]),
        },
        {
          title: "Automated checks",
          columns: ["Check", "Status", "Frameworks"],
          rows: dash.checks.map((c) => [c.title, c.status, c.frameworks.join(", ")]),
        },
      ],
      rows: rows.length,
      columns: COMPLIANCE_COLUMNS,
    };
  },
  async batch(tx, p, _s, cursor, limit) {
    const { rows } = await complianceRows(tx, p);
    const start = cursor ? Number(cursor) : 0;
    const slice = rows.slice(start, start + limit);
    return { rows: slice, next: start + limit < rows.length ? String(start + limit) : null };
  },
};
