"use client";
// Data subject requests: the workflow requested -> approved -> completed (or rejected) with the
// legal deadline, the export bundle download for access requests, and a form for a new request.
import { Panel } from "@/components/ui/panel";
import { useState, useTransition } from "react";
import { useCan } from "@/components/rbac/can";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/table";
import { Dialog } from "@/components/ui/dialog";
import { actionErrorText } from "@/lib/http/action-result";
import { fmtDate, type Option, type RequestRow } from "./types";
import { inputClass } from "@/components/ui/field";
import { Outcome } from "@/components/ui/outcome";
import { usePrivacyActions } from "./use-privacy-actions";

const STATUS_TONE = { requested: "warning", approved: "accent", completed: "success", rejected: "neutral" } as const;

function Deadline({ r }: { r: RequestRow }) {
  if (r.days_left === null) return <span className="text-muted">{fmtDate(r.due_at)}</span>;
  return (
    <span
      className={
        r.overdue ? "font-medium text-danger-text" : r.days_left <= 7 ? "font-medium text-warning-text" : "text-fg"
      }
    >
      {fmtDate(r.due_at)}
      <span className="block text-xs font-normal text-muted">
        {r.overdue ? `${-r.days_left} day(s) overdue` : `${r.days_left} day(s) left`}
      </span>
    </span>
  );
}

export function RequestsPanel({ requests, people }: { requests: RequestRow[]; people: Option[] }) {
  const canWrite = useCan("privacy.write");
  const actions = usePrivacyActions();
  const [open, setOpen] = useState<null | "create" | { reject: RequestRow } | { complete: RequestRow }>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const run = (p: Promise<{ ok: boolean; error?: Parameters<typeof actionErrorText>[0] }>) =>
    start(async () => {
      const out = await p;
      if (!out.ok && out.error) return setError(actionErrorText(out.error));
      setError(null);
      setOpen(null);
    });

  const rowActions = (r: RequestRow) =>
    canWrite && (
      <span className="inline-flex flex-wrap justify-end gap-1">
        {r.status === "requested" && (
          <Button
            size="sm"
            variant="ghost"
            disabled={pending}
            onClick={() => run(actions.approveRequest({ id: r.id }))}
          >
            Approve
          </Button>
        )}
        {r.status === "approved" && (
          <Button size="sm" variant="ghost" disabled={pending} onClick={() => setOpen({ complete: r })}>
            Complete
          </Button>
        )}
        {(r.status === "requested" || r.status === "approved") && (
          <Button size="sm" variant="ghost" onClick={() => setOpen({ reject: r })}>
            Reject
          </Button>
        )}
        {r.kind === "access" && (r.status === "approved" || r.status === "completed") && (
          <a className={buttonClass("ghost", "sm")} href={`/v1/privacy/requests/${r.id}/export`} download>
            Download export
          </a>
        )}
      </span>
    );

  return (
    <Panel
      id="requests"
      title="Data subject requests"
      description="Access (export) and erasure. The legal deadline is one month from receipt (GDPR Art. 12(3)); every step is audited."
      action={
        canWrite && (
          <Button variant="primary" onClick={() => setOpen("create")}>
            New request
          </Button>
        )
      }
    >
      {error && !open && (
        <p role="alert" className="mb-3 text-sm text-danger-text">
          {error}
        </p>
      )}
      <ul className="space-y-3 md:hidden" aria-label="Requests">
        {requests.map((r) => (
          <li key={r.id}>
            <Card className="p-4">
              <div className="flex items-start justify-between gap-2">
                <div className="min-w-0">
                  <div className="font-medium text-fg">{r.person}</div>
                  <div className="text-xs capitalize text-muted">
                    {r.kind} · received {fmtDate(r.created_at)}
                  </div>
                </div>
                <Badge tone={STATUS_TONE[r.status as keyof typeof STATUS_TONE] ?? "neutral"}>{r.status}</Badge>
              </div>
              <div className="mt-2 text-sm">
                Deadline: <Deadline r={r} />
              </div>
              {r.note && <div className="mt-1 text-xs text-muted">{r.note}</div>}
              <div className="mt-2">{rowActions(r)}</div>
            </Card>
          </li>
        ))}
        {requests.length === 0 && <li className="text-sm text-muted">No data subject requests yet.</li>}
      </ul>
      <DataTable
        columns={["Person", "Type", "Status", "Deadline", "Received", { label: "Actions", hidden: true }]}
        minWidth="min-w-[46rem]"
        count={requests.length}
        density="roomy"
        className="hidden md:block"
        empty="No data subject requests yet."
      >
        {requests.map((r) => (
          <tr key={r.id} className="align-top">
            <td className="px-4 py-3">
              <div className="font-medium text-fg">{r.person}</div>
              <div className="font-mono text-xs text-muted">{r.id}</div>
              {r.note && <div className="mt-1 text-xs text-muted">{r.note}</div>}
            </td>
            <td className="px-4 py-3 capitalize text-fg">{r.kind}</td>
            <td className="px-4 py-3">
              <Badge tone={STATUS_TONE[r.status as keyof typeof STATUS_TONE] ?? "neutral"}>{r.status}</Badge>
              {r.rejected_reason && <div className="mt-1 text-xs text-muted">{r.rejected_reason}</div>}
            </td>
            <td className="px-4 py-3">
              <Deadline r={r} />
            </td>
            <td className="px-4 py-3 text-muted">{fmtDate(r.created_at)}</td>
            <td className="px-4 py-3 text-right whitespace-nowrap">{rowActions(r)}</td>
          </tr>
        ))}
      </DataTable>

      <Dialog
        open={open === "create"}
        onClose={() => setOpen(null)}
        title="New data subject request"
        description="Record a request received from a person. The deadline starts today."
      >
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            run(
              actions.createRequest({
                kind: f.get("kind") as "access" | "erasure",
                user_id: String(f.get("user_id")),
                note: String(f.get("note") || "") || undefined,
              }),
            );
          }}
        >
          <label className="block text-sm text-fg">
            Type
            <select name="kind" className={inputClass} defaultValue="access">
              <option value="access">Access (export bundle)</option>
              <option value="erasure">Erasure</option>
            </select>
          </label>
          <label className="block text-sm text-fg">
            Person
            <select name="user_id" className={inputClass} required>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          <label className="block text-sm text-fg">
            Note (cleared on erasure)
            <input name="note" className={inputClass} maxLength={2000} />
          </label>
          <Outcome error={error} />
          <div className="flex justify-end gap-2">
            <Button onClick={() => setOpen(null)}>Cancel</Button>
            <Button type="submit" variant="primary" disabled={pending}>
              Create request
            </Button>
          </div>
        </form>
      </Dialog>

      {open && typeof open === "object" && "reject" in open && (
        <Dialog
          open
          onClose={() => setOpen(null)}
          title="Reject request"
          description={`${open.reject.kind} request of ${open.reject.person}`}
        >
          <form
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              run(
                actions.rejectRequest({
                  id: open.reject.id,
                  reason: String(new FormData(e.currentTarget).get("reason")),
                }),
              );
            }}
          >
            <label className="block text-sm text-fg">
              Reason
              <input
                name="reason"
                className={inputClass}
                required
                maxLength={500}
                placeholder="e.g. identity could not be verified"
              />
            </label>
            <Outcome error={error} />
            <div className="flex justify-end gap-2">
              <Button onClick={() => setOpen(null)}>Cancel</Button>
              <Button type="submit" variant="primary" disabled={pending}>
                Reject
              </Button>
            </div>
          </form>
        </Dialog>
      )}

      {open && typeof open === "object" && "complete" in open && (
        <Dialog
          open
          onClose={() => setOpen(null)}
          title={open.complete.kind === "erasure" ? "Erase this person?" : "Complete access request"}
          description={
            open.complete.kind === "erasure"
              ? `${open.complete.person} loses access at once (sessions, API keys, virtual keys) and their name, e-mail, memberships, stored prompts and audit identities are removed. The audit chain keeps only pseudonymous ids. This cannot be undone.`
              : "Marks the request done and records what the export bundle holds."
          }
        >
          {error && (
            <p role="alert" className="mb-3 text-sm text-danger-text">
              {error}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <Button onClick={() => setOpen(null)}>Cancel</Button>
            <Button
              variant="primary"
              disabled={pending}
              onClick={() => run(actions.completeRequest({ id: open.complete.id }))}
            >
              {open.complete.kind === "erasure" ? "Erase" : "Complete"}
            </Button>
          </div>
        </Dialog>
      )}
    </Panel>
  );
}
