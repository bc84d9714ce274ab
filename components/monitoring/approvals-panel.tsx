"use client";
// The approvals queue: gated actions waiting for a second admin. The requester sees their own
// request but cannot decide it (the server refuses too).
import { useCan } from "@/components/rbac/can";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { MonitoringPageData } from "@/lib/monitoring/page-data";
import { api } from "@/lib/api/client";
import { when } from "./api";
import { Panel } from "@/components/ui/panel";
import { Outcome } from "@/components/ui/outcome";
import { useNotes } from "./note-input";
import { useRun } from "./use-run";

const TONE = { pending: "warning", approved: "success", rejected: "danger", consumed: "neutral" } as const;

export function ApprovalsPanel({ approvals, me }: { approvals: MonitoringPageData["approvals"]; me: string }) {
  const canWrite = useCan("monitoring.write");
  const notes = useNotes();
  const { busy, error, run } = useRun();
  const decide = (id: string, d: "approve" | "reject") => {
    const note = notes.noteOf(id);
    return run(() =>
      d === "approve"
        ? api.POST("/v1/approvals/{id}/approve", { params: { path: { id } }, body: { note } })
        : api.POST("/v1/approvals/{id}/reject", { params: { path: { id } }, body: { note } }),
    );
  };
  return (
    <Panel
      id="approvals"
      title={`Approvals (${approvals.filter((a) => a.status === "pending").length} waiting)`}
      description="Actions held by a require_approval rule. Another admin decides; the requester then repeats the action with the approval id."
    >
      <Outcome error={error} className="mb-2" />
      <Card className="divide-y divide-border">
        {approvals.length === 0 && <p className="p-4 text-sm text-muted">No approval requests.</p>}
        {approvals.slice(0, 20).map((a) => {
          const mine = a.requested_by === me;
          return (
            <article key={a.id} className="p-4" data-testid="approval">
              <div className="flex flex-wrap items-center gap-2">
                <code className="font-mono text-xs text-fg">{a.action}</code>
                <Badge tone={TONE[a.status as keyof typeof TONE] ?? "neutral"}>{a.status}</Badge>
                <span className="ml-auto text-xs tabular-nums text-muted">{when(a.created_at)}</span>
              </div>
              <p className="mt-1 text-sm break-words text-muted">{a.reason}</p>
              <p className="mt-1 text-xs break-all text-muted">
                Requested by {a.requester_email ?? a.requested_by}
                {a.decided_by
                  ? ` · ${a.status === "rejected" ? "rejected" : "approved"} by ${a.decider_email ?? a.decided_by} ${when(a.decided_at)}`
                  : ""}
                {a.decision_note ? ` — ${a.decision_note}` : ""} · <code className="font-mono">{a.id}</code>
              </p>
              {canWrite &&
                a.status === "pending" &&
                (mine ? (
                  <p className="mt-2 text-xs text-warning-text">You requested this; another admin must decide it.</p>
                ) : (
                  <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:items-center">
                    {notes.input(a.id, "Decision note")}
                    <div className="flex gap-2">
                      <Button size="sm" variant="primary" disabled={busy} onClick={() => decide(a.id, "approve")}>
                        Approve
                      </Button>
                      <Button size="sm" disabled={busy} onClick={() => decide(a.id, "reject")}>
                        Reject
                      </Button>
                    </div>
                  </div>
                ))}
            </article>
          );
        })}
      </Card>
    </Panel>
  );
}
