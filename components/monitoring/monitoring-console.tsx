"use client";
// The Monitoring page: figures first, then alerts, approvals, rules, channels, deliveries and
// frameworks in scope. Each figure links to the list it counts.
import { Card } from "@/components/ui/card";
import type { MonitoringPageData } from "@/lib/monitoring/page-data";
import { AlertsPanel } from "./alerts-panel";
import { ApprovalsPanel } from "./approvals-panel";
import { ChannelsPanel } from "./channels-panel";
import { DeliveriesPanel } from "./deliveries-panel";
import { FrameworksPanel } from "./frameworks-panel";
import { RulesPanel, type ValidateCondition } from "./rules-panel";

function Figure({
  label,
  value,
  href,
  tone,
}: {
  label: string;
  value: number;
  href: string;
  tone?: "danger" | "warning";
}) {
  return (
    <Card className="p-4">
      <a href={href} className="block rounded hover:opacity-80 focus-visible:outline-2 focus-visible:outline-accent">
        <p className="text-xs font-medium text-muted">{label}</p>
        <p
          className={`mt-1 text-2xl font-semibold tabular-nums ${value && tone === "danger" ? "text-danger-text" : value && tone === "warning" ? "text-warning-text" : "text-fg"}`}
        >
          {value}
        </p>
      </a>
    </Card>
  );
}

export function MonitoringConsole({
  data,
  validateCondition,
}: {
  data: MonitoringPageData;
  validateCondition: ValidateCondition;
}) {
  const open = data.alerts.filter((a) => a.status === "open").length;
  const acked = data.alerts.filter((a) => a.status === "acknowledged").length;
  const pending = data.approvals.filter((a) => a.status === "pending").length;
  const failing = data.deliveries.filter((d) => d.status === "dead" || (d.status === "pending" && d.last_error)).length;
  return (
    <div>
      <div className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Figure label="Open alerts" value={open} href="#alerts" tone="danger" />
        <Figure label="Acknowledged alerts" value={acked} href="#alerts" tone="warning" />
        <Figure label="Approvals waiting" value={pending} href="#approvals" tone="warning" />
        <Figure label="Failing deliveries" value={failing} href="#deliveries" tone="danger" />
      </div>
      <AlertsPanel alerts={data.alerts} />
      <ApprovalsPanel approvals={data.approvals} me={data.me} />
      <RulesPanel rules={data.rules} validateCondition={validateCondition} />
      <ChannelsPanel channels={data.channels} />
      <DeliveriesPanel deliveries={data.deliveries} />
      <FrameworksPanel frameworks={data.frameworks} />
    </div>
  );
}
