// / - the tenant's compliance dashboard: posture score, framework controls, failing checks with
// evidence, risk items, recent activity and 30-day trends, all computed from this tenant's data.
// Live: <LiveUpdates> re-renders it when the version read first here changes (ADR 0033).
import type { Metadata } from "next";
import Link from "next/link";
import { Evidence, FrameworkCard, LEVEL_TONE, Stat } from "@/components/compliance/sections";
import { Panel } from "@/components/ui/panel";
import { TrendCharts } from "@/components/compliance/trend-charts";
import { LiveUpdates } from "@/components/live/live-updates";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { refusedView } from "@/components/ui/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { servedDashboard } from "@/lib/compliance/dashboard";
import { page } from "@/lib/http/page";
import { liveVersion } from "@/lib/live/version";

export const metadata: Metadata = { title: "Dashboard" };
export const dynamic = "force-dynamic";

const DESCRIPTION =
  "Security posture and compliance controls for this tenant, from automated checks on its own data. Controls passing is not a certification.";
const header = <PageHeader title="Dashboard" description={DESCRIPTION} />;

const refused = refusedView(header, "dashboards.read");

export default page({ permission: "dashboards.read", refused }, async ({ tx }) => {
  // The version first: the data read after it is at least as new, so a change in between is seen.
  const version = await liveVersion(tx, "dashboard");
  const d = await servedDashboard(tx);
  const p = d.security_posture;
  const failing = d.checks.filter((c) => c.status === "fail");
  const passing = d.checks.filter((c) => c.status === "pass").length;
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={DESCRIPTION}
        actions={<LiveUpdates view="dashboard" version={version} renderedAt={new Date().toISOString()} />}
      />
      <div className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat
          label="Posture score"
          value={`${p.overall_score} / 100`}
          note={`${passing} of ${d.checks.length} automated checks passing; score weights them by risk`}
          href="#checks"
        />
        <Stat
          label="Active alerts"
          value={p.active_alerts}
          note={`${p.active_alerts_by_severity.high} high, ${p.active_alerts_by_severity.medium} medium, ${p.active_alerts_by_severity.low} low`}
          href="/monitoring#alerts"
        />
        <Stat
          label="Failed sign-ins, 24 h"
          value={p.failed_logins_24h}
          href="/audit?action=auth.login_failed&range=24h"
        />
        <Stat
          label="Privilege escalations, 30 d"
          value={p.privilege_escalations}
          href="/audit?action=privilege_escalation&range=30d"
        />
      </div>

      <Panel title="Frameworks" description="A control passes when every automated check mapped to it passes.">
        <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
          {d.frameworks.map((f) => (
            <FrameworkCard
              key={f.id}
              name={f.name}
              status={f.status}
              passing={f.controls_passing}
              total={f.controls_total}
              controls={f.controls}
            />
          ))}
        </div>
      </Panel>

      <div className="grid gap-6 xl:grid-cols-2">
        <Panel title={`Failing checks (${failing.length})`}>
          <Card id="checks" className="divide-y divide-border">
            {failing.length === 0 && <p className="p-4 text-sm text-muted">Every automated check passes.</p>}
            {failing.map((c) => (
              <div key={c.id} className="p-4">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="text-sm font-medium text-fg">{c.title}</span>
                  <Badge tone={LEVEL_TONE[c.weight === 3 ? "high" : c.weight === 2 ? "medium" : "low"]}>
                    weight {c.weight}
                  </Badge>
                </div>
                <p className="mt-1 text-xs text-muted">{c.description}</p>
                <p className="mt-1 text-xs text-muted">Maps to {c.frameworks.join(", ")}</p>
                <Evidence items={c.evidence} />
              </div>
            ))}
          </Card>
        </Panel>

        <Panel
          title="Risk items"
          description={`Mitigation progress ${d.risk_assessment.mitigation_progress}: ${d.risk_assessment.mitigation_progress_basis}`}
        >
          <Card className="divide-y divide-border">
            {d.risk_assessment.items.length === 0 && <p className="p-4 text-sm text-muted">No open risk items.</p>}
            {d.risk_assessment.items.map((r) => (
              <div key={r.id} className="p-4 text-sm" data-testid="risk-item">
                <div className="flex flex-wrap items-center gap-2">
                  <Badge tone={LEVEL_TONE[r.level]}>{r.level}</Badge>
                  <span className="font-medium text-fg">{r.title}</span>
                  <Badge>{r.mitigation_status.replace("_", " ")}</Badge>
                </div>
                <p className="mt-1 break-words text-xs text-muted">Owner: {r.owner}</p>
                <p className="text-xs text-muted">
                  {r.source === "alert"
                    ? `Alert ${r.mitigation_status === "in_progress" ? "acknowledged" : "open"}: ${r.progress_pct}% mitigated`
                    : `${r.progress_pct}% of checks in the affected frameworks pass`}
                </p>
                <Evidence items={r.evidence} />
              </div>
            ))}
          </Card>
        </Panel>
      </div>

      <Panel title="30-day trends">
        <Card className="p-4">
          <TrendCharts data={d.trends_30d} />
        </Card>
      </Panel>

      <Panel title="Recent activity">
        <Card className="divide-y divide-border">
          {d.recent_activities.map((a) => (
            <Link
              key={a.href}
              href={a.href}
              className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 text-sm hover:bg-surface-2"
            >
              <time className="w-40 shrink-0 text-xs tabular-nums text-muted" dateTime={a.timestamp}>
                {a.timestamp.replace("T", " ").slice(0, 19)} UTC
              </time>
              <span className="font-mono text-xs text-fg">{a.action}</span>
              <span className="min-w-0 flex-1 truncate text-xs text-muted">{a.user}</span>
              <Badge tone={a.status === "success" ? "success" : "danger"}>{a.status}</Badge>
            </Link>
          ))}
        </Card>
      </Panel>
    </>
  );
});
