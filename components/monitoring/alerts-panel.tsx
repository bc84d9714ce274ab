"use client";
// Alerts: filter by state, acknowledge or resolve with an optional note, and the full history.
import { useCan } from "@/components/rbac/can";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { AlertView } from "@/lib/monitoring/alerts";
import { api } from "@/lib/api/client";
import { SEVERITY_TONE, when } from "./api";
import { Panel } from "@/components/ui/panel";
import { Outcome } from "@/components/ui/outcome";
import { useNotes } from "./note-input";
import { useRun } from "./use-run";

const STATUS_TONE = { open: "danger", acknowledged: "warning", resolved: "success" } as const;
const FILTERS = ["active", "open", "acknowledged", "resolved", "all"] as const;

export function AlertsPanel({ alerts }: { alerts: AlertView[] }) {
  const canWrite = useCan("monitoring.write");
  const focus = useSearchParams().get("alert");
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>(focus ? "all" : "active");
  const notes = useNotes();
  const { busy, error, run } = useRun();
  const shown = alerts.filter((a) =>
    filter === "all" ? true : filter === "active" ? a.status !== "resolved" : a.status === filter,
  );
  const move = (a: AlertView, status: "acknowledged" | "resolved") =>
    run(() =>
      api.PATCH("/v1/alerts/{id}", {
        params: { path: { id: a.id } },
        body: { status, note: notes.noteOf(a.id) },
      }),
    ).then((ok) => ok && notes.clear(a.id));
  return (
    <Panel
      id="alerts"
      title={`Alerts (${shown.length})`}
      description="Raised by the rules below, at most once per rule and window. Acknowledge to take ownership; resolve when mitigated."
      action={
        <div role="group" aria-label="Filter alerts" className="flex flex-wrap gap-1">
          {FILTERS.map((f) => (
            <Button
              key={f}
              size="sm"
              variant={filter === f ? "primary" : "ghost"}
              aria-pressed={filter === f}
              onClick={() => setFilter(f)}
            >
              {f[0].toUpperCase() + f.slice(1)}
            </Button>
          ))}
        </div>
      }
    >
      <Outcome error={error} className="mb-2" />
      <Card className="divide-y divide-border">
        {shown.length === 0 && <p className="p-4 text-sm text-muted">No {filter === "all" ? "" : filter} alerts.</p>}
        {shown.map((a) => (
          <article
            key={a.id}
            id={`alert-${a.id}`}
            className={`p-4 ${focus === a.id ? "bg-accent-soft/40" : ""}`}
            data-testid="alert"
          >
            <div className="flex flex-wrap items-center gap-2">
              <Badge tone={SEVERITY_TONE[a.severity as keyof typeof SEVERITY_TONE] ?? "neutral"}>{a.severity}</Badge>
              <span className="text-sm font-medium text-fg">{a.title}</span>
              <Badge tone={STATUS_TONE[a.status]}>{a.status}</Badge>
              <span className="ml-auto text-xs tabular-nums text-muted">{when(a.fired_at)}</span>
            </div>
            <p className="mt-1 text-sm break-words text-muted">{a.summary}</p>
            <p className="mt-1 text-xs text-muted">
              Rule action <code className="font-mono">{a.action}</code> · notifications {a.deliveries.delivered}{" "}
              delivered
              {a.deliveries.pending ? `, ${a.deliveries.pending} waiting` : ""}
              {a.deliveries.dead ? `, ${a.deliveries.dead} failed` : ""}
            </p>
            <details className="mt-2 text-xs">
              <summary className="cursor-pointer text-accent-text">History ({a.history.length})</summary>
              <ol className="mt-1 space-y-0.5 border-l border-border pl-3">
                {a.history.map((h, i) => (
                  <li key={i} className="text-muted">
                    <span className="tabular-nums">{when(h.at)}</span> ·{" "}
                    <span className="font-medium text-fg">{h.status}</span> by {h.by}
                    {h.note ? ` — ${h.note}` : ""}
                  </li>
                ))}
              </ol>
            </details>
            {canWrite && a.status !== "resolved" && (
              <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:items-center">
                {notes.input(a.id, `Note for ${a.title}`)}
                <div className="flex gap-2">
                  {a.status === "open" && (
                    <Button size="sm" disabled={busy} onClick={() => move(a, "acknowledged")}>
                      Acknowledge
                    </Button>
                  )}
                  <Button size="sm" variant="primary" disabled={busy} onClick={() => move(a, "resolved")}>
                    Resolve
                  </Button>
                </div>
              </div>
            )}
          </article>
        ))}
      </Card>
    </Panel>
  );
}
