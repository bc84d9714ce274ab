"use client";

import { SecretOnce } from "@/components/ui/secret-once";
import { useState, useTransition } from "react";
import { useCan } from "@/components/rbac/can";
import { roleLabel } from "@/components/rbac/role-label";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/table";
import { Dialog } from "@/components/ui/dialog";
import { ErrorBanner } from "@/components/ui/outcome";
import { actionErrorText } from "@/lib/http/action-result";
import { CreateKeyForm } from "./create-key-form";
import { KeyCards } from "./key-cards";
import { KeyStateBadge } from "./state-badge";
import type { ConsoleKey, KeyPolicyView } from "./types";
import { useKeyActions } from "./use-key-actions";

type Modal =
  | { kind: "create" }
  | { kind: "rotate" | "revoke"; key: ConsoleKey }
  | { kind: "secret"; secret: string; title: string }
  | null;

const date = (iso: string | null) =>
  iso ? new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" }) : "Never";
const live = (k: ConsoleKey) => k.state === "active" || k.state === "expiring";

export function KeyTable({ keys, policy }: { keys: ConsoleKey[]; policy: KeyPolicyView }) {
  const actions = useKeyActions();
  const canWrite = useCan("api_keys.write");
  const [modal, setModal] = useState<Modal>(null);
  const [overlap, setOverlap] = useState(policy.defaultOverlapHours);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const close = () => {
    setModal(null);
    setError(null);
  };

  const confirm = (key: ConsoleKey, kind: "rotate" | "revoke") =>
    start(async () => {
      const out =
        kind === "rotate"
          ? await actions.rotate({ id: key.id, overlap_hours: overlap })
          : await actions.revoke({ id: key.id });
      if (!out.ok) return setError(actionErrorText(out.error));
      setModal(
        kind === "rotate" && "secret" in out.data
          ? { kind: "secret", secret: String(out.data.secret), title: `New secret for ${key.name}` }
          : null,
      );
    });

  return (
    <>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-muted">
          New keys last {policy.defaultTtlDays} days by default (at most {policy.maxTtlDays}); a rotation keeps the old
          secret valid for up to {policy.maxOverlapHours} h.
        </p>
        {canWrite && (
          <Button variant="primary" onClick={() => setModal({ kind: "create" })}>
            Create API key
          </Button>
        )}
      </div>
      <div className="md:hidden">
        <KeyCards
          keys={keys}
          canManage={(k) => canWrite && live(k)}
          onRotate={(key) => setModal({ kind: "rotate", key })}
          onRevoke={(key) => setModal({ kind: "revoke", key })}
        />
      </div>
      <DataTable
        columns={["Name", "Key", "Role", "State", "Expires", "Last used", { label: "Actions", hidden: true }]}
        minWidth="min-w-[44rem]"
        count={keys.length}
        density="roomy"
        className="hidden md:block"
        empty="No API keys yet."
      >
        {keys.map((k) => (
          <tr key={k.id} className="align-top">
            <td className="px-4 py-3">
              <div className="font-medium text-fg">{k.name}</div>
              <div className="text-xs text-muted">
                {k.scopes.length
                  ? `${k.scopes.length} scope${k.scopes.length > 1 ? "s" : ""}: ${k.scopes.join(", ")}`
                  : "Full role"}{" "}
                · via {k.source}
              </div>
            </td>
            <td className="px-4 py-3 font-mono text-xs text-muted">{k.prefix}…</td>
            <td className="px-4 py-3 text-fg">{roleLabel(k.role)}</td>
            <td className="px-4 py-3">
              <KeyStateBadge state={k.state} />
              {k.state === "rotating" && k.overlap_until && (
                <div className="mt-1 text-xs text-muted">
                  old secret until {new Date(k.overlap_until).toLocaleString()}
                </div>
              )}
            </td>
            <td className="px-4 py-3 text-muted">{date(k.expires_at)}</td>
            <td className="px-4 py-3 text-muted">{date(k.last_used_at)}</td>
            <td className="px-4 py-3 text-right whitespace-nowrap">
              {canWrite && live(k) && (
                <span className="inline-flex gap-1">
                  <Button size="sm" variant="ghost" onClick={() => setModal({ kind: "rotate", key: k })}>
                    Rotate
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => setModal({ kind: "revoke", key: k })}>
                    Revoke
                  </Button>
                </span>
              )}
            </td>
          </tr>
        ))}
      </DataTable>

      <Dialog
        open={modal?.kind === "create"}
        onClose={close}
        title="Create API key"
        description="The key acts with the role and scopes you choose, never more than you hold."
      >
        <CreateKeyForm
          policy={policy}
          create={actions.create}
          onCancel={close}
          onCreated={(key) => setModal({ kind: "secret", secret: key.secret, title: `API key ${key.name} created` })}
        />
      </Dialog>
      <Dialog open={modal?.kind === "secret"} onClose={close} title={modal?.kind === "secret" ? modal.title : ""}>
        {modal?.kind === "secret" && <SecretOnce secret={modal.secret} onDone={close} testId="api-key-secret" />}
      </Dialog>
      <Dialog
        open={modal?.kind === "rotate" || modal?.kind === "revoke"}
        onClose={close}
        title={
          modal?.kind === "rotate"
            ? `Rotate ${modal.key.name}?`
            : modal?.kind === "revoke"
              ? `Revoke ${modal.key.name}?`
              : ""
        }
        description={
          modal?.kind === "revoke"
            ? "Requests with this key fail at once. This cannot be undone."
            : "A new secret is issued; the current one keeps working during the overlap."
        }
      >
        {(modal?.kind === "rotate" || modal?.kind === "revoke") && (
          <div className="space-y-4">
            {modal.kind === "rotate" && (
              <label className="block text-sm font-medium text-fg">
                Keep the old secret valid for
                <select
                  className="mt-1 block w-full rounded-md border border-border-strong bg-surface px-3 py-2 text-sm"
                  value={overlap}
                  onChange={(e) => setOverlap(Number(e.target.value))}
                >
                  {[0, 1, 4, 12, 24, 48, 72]
                    .filter((h) => h <= policy.maxOverlapHours)
                    .map((h) => (
                      <option key={h} value={h}>
                        {h === 0 ? "No overlap (invalid at once)" : `${h} hour${h > 1 ? "s" : ""}`}
                      </option>
                    ))}
                </select>
              </label>
            )}
            <ErrorBanner text={error} />
            <div className="flex justify-end gap-2">
              <Button onClick={close}>Cancel</Button>
              <Button variant="primary" disabled={pending} onClick={() => confirm(modal.key, modal.kind)}>
                {pending ? "Working…" : modal.kind === "rotate" ? "Rotate key" : "Revoke key"}
              </Button>
            </div>
          </div>
        )}
      </Dialog>
    </>
  );
}
