"use client";
// Frameworks in scope: a framework marked not applicable leaves the posture and shows as such on the dashboard.
import { useCan } from "@/components/rbac/can";
import { Card } from "@/components/ui/card";
import { api } from "@/lib/api/client";
import type { MonitoringPageData } from "@/lib/monitoring/page-data";
import { Panel } from "@/components/ui/panel";
import { Outcome } from "@/components/ui/outcome";
import { useRun } from "./use-run";

export function FrameworksPanel({ frameworks }: { frameworks: MonitoringPageData["frameworks"] }) {
  const canWrite = useCan("settings.write");
  const { busy, error, run } = useRun();
  return (
    <Panel
      id="frameworks"
      title="Frameworks in scope"
      description="Mark a framework not applicable when this tenant is not subject to it (e.g. HIPAA without health data). Changes are audited."
    >
      <Outcome error={error} className="mb-2" />
      <Card className="grid gap-px overflow-hidden bg-border sm:grid-cols-2 xl:grid-cols-4">
        {frameworks.map((f) => (
          <label key={f.id} className="flex items-center justify-between gap-3 bg-surface p-4 text-sm">
            <span>
              <span className="font-medium text-fg">{f.name}</span>
              <span className="block text-xs text-muted">{f.applicable ? "Applicable" : "Not applicable"}</span>
            </span>
            <input
              type="checkbox"
              role="switch"
              aria-checked={f.applicable}
              className="size-4 accent-[var(--accent)]"
              checked={f.applicable}
              disabled={!canWrite || busy}
              onChange={(e) =>
                run(() =>
                  api.PUT("/v1/compliance/frameworks", { body: { framework: f.id, applicable: e.target.checked } }),
                )
              }
            />
          </label>
        ))}
      </Card>
    </Panel>
  );
}
