"use client";
// Budgets & limits of every owner: current spend against each budget, the reset rule, and a
// sheet that sets one owner's budgets and rate limits (the same rules as the owner's own form).
import { useMemo, useState } from "react";
import type { ColumnDef } from "@tanstack/react-table";
import { useCan } from "@/components/rbac/can";
import { GuardedButton } from "@/components/rbac/guarded-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/outcome";
import { EntityTable } from "./entity-table";
import { dateTime, FormSheet, int, useActionForm, usd } from "./form";
import { draftOf, LimitsEditor, limitsPayload, RESET_RULES, WINDOW_LABEL, type LimitsDraft } from "./limits-editor";
import { OWNER_LABEL, OwnerFields, type SearchOwners } from "./owner-picker";
import type { BudgetRow, ListView, OwnerType, RateLimitRow } from "./types";
import { useGovernanceActions, type GovernanceActions } from "./use-governance-actions";

type Budget = BudgetRow;
type Rate = RateLimitRow;
type Owner = { type: OwnerType; id: string; name: string };
// The limits are read and replaced through /v1/limits; the owner search has no /v1 route (ADR 0042).
type Actions = Pick<GovernanceActions, "setLimits" | "ownerLimits"> & { searchOwners: SearchOwners };
const OWNER_KINDS = Object.keys(OWNER_LABEL) as OwnerType[];
const windowLabel = (w: string) => WINDOW_LABEL[w as keyof typeof WINDOW_LABEL] ?? w;

export function BudgetsConsole({
  budgets,
  rateLimits,
  reads,
}: {
  budgets: ListView<Budget>;
  rateLimits: ListView<Rate>;
  reads: { searchOwners: SearchOwners };
}) {
  const canWrite = useCan("governance.write");
  const { setLimits, ownerLimits } = useGovernanceActions();
  const actions: Actions = { setLimits, ownerLimits, searchOwners: reads.searchOwners };
  const [editing, setEditing] = useState<{ owner: Owner | null; limits: LimitsDraft } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const edit = async (owner: Owner) => {
    const out = await actions.ownerLimits({ type: owner.type, id: owner.id });
    if (!out.ok) return setError(out.error.message);
    setEditing({ owner, limits: draftOf(out.data) });
  };
  const ownerCell = (r: { owner_type: OwnerType; owner: string }) => (
    <span>
      <span className="text-muted">{OWNER_LABEL[r.owner_type]} · </span>
      {r.owner}
    </span>
  );
  const editCell = (r: { owner_type: OwnerType; owner_id: string; owner: string }) =>
    canWrite && (
      <Button
        size="sm"
        variant="ghost"
        onClick={() => edit({ type: r.owner_type, id: r.owner_id, name: r.owner })}
        aria-label={`Edit limits of ${r.owner}`}
      >
        Edit
      </Button>
    );
  const budgetCols = useMemo<ColumnDef<Budget>[]>(
    () => [
      {
        id: "owner",
        accessorFn: (r) => `${r.owner_type} ${r.owner}`,
        header: "Owner",
        cell: ({ row: r }) => ownerCell(r.original),
      },
      { accessorKey: "window", header: "Window", cell: (c) => windowLabel(c.getValue<string>()) },
      {
        accessorKey: "mode",
        header: "Reset",
        cell: ({ row: r }) => (
          <span title={RESET_RULES[r.original.mode as "calendar" | "rolling"]}>
            <Badge tone={r.original.mode === "calendar" ? "accent" : "neutral"}>
              {r.original.mode === "calendar" ? "calendar UTC" : "rolling"}
            </Badge>
          </span>
        ),
      },
      { accessorKey: "limit_usd", header: "Budget", meta: { numeric: true }, cell: (c) => usd(c.getValue<number>()) },
      {
        id: "spent",
        accessorFn: (r) => (r.limit_usd > 0 ? r.spent_usd / r.limit_usd : 1),
        header: "Spent this period",
        meta: { numeric: true },
        cell: ({ row: r }) => {
          const pct =
            r.original.limit_usd > 0 ? Math.min(100, (r.original.spent_usd / r.original.limit_usd) * 100) : 100;
          return (
            <div className="ml-auto w-36">
              <div className="text-right">
                {usd(r.original.spent_usd)} <span className="text-xs text-muted">({Math.round(pct)}%)</span>
              </div>
              <div className="mt-1 h-1.5 overflow-hidden rounded-full bg-surface-2">
                <div
                  className={`h-full ${pct >= 100 ? "bg-danger-text" : pct >= 80 ? "bg-warning-border" : "bg-accent"}`}
                  style={{ width: `${pct}%` }}
                />
              </div>
            </div>
          );
        },
      },
      {
        accessorKey: "resets_at",
        header: "Resets",
        cell: (c) => <span className="text-xs whitespace-nowrap text-muted">{dateTime(c.getValue<string>())}</span>,
      },
      { id: "actions", header: "", enableSorting: false, cell: ({ row: r }) => editCell(r.original) },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the cells only read canWrite
    [canWrite],
  );
  const rateCols = useMemo<ColumnDef<Rate>[]>(
    () => [
      {
        id: "owner",
        accessorFn: (r) => `${r.owner_type} ${r.owner}`,
        header: "Owner",
        cell: ({ row: r }) => ownerCell(r.original),
      },
      { accessorKey: "window", header: "Window", cell: (c) => windowLabel(c.getValue<string>()) },
      {
        accessorKey: "requests_per_window",
        header: "Requests",
        meta: { numeric: true },
        cell: (c) => (c.getValue<number | null>() === null ? "—" : int(c.getValue<number>())),
      },
      {
        accessorKey: "tokens_per_window",
        header: "Tokens",
        meta: { numeric: true },
        cell: (c) => (c.getValue<number | null>() === null ? "—" : int(c.getValue<number>())),
      },
      { id: "actions", header: "", enableSorting: false, cell: ({ row: r }) => editCell(r.original) },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the cells only read canWrite
    [canWrite],
  );
  return (
    <div className="space-y-6">
      <ErrorBanner text={error} />
      <section aria-labelledby="b-h" className="space-y-2">
        <h2 id="b-h" className="text-sm font-semibold text-fg">
          Budgets
        </h2>
        <p className="text-xs text-muted">
          {RESET_RULES.calendar} {RESET_RULES.rolling} A spend shown as $0 after a reset is cleared on the
          gateway&apos;s next request.
        </p>
        <EntityTable
          list={budgets}
          columns={budgetCols}
          label="Budgets"
          empty="No budgets yet."
          toolbar={
            <GuardedButton
              permission="governance.write"
              variant="primary"
              onClick={() => setEditing({ owner: null, limits: draftOf() })}
            >
              Set limits
            </GuardedButton>
          }
        />
      </section>
      <section aria-labelledby="r-h" className="space-y-2">
        <h2 id="r-h" className="text-sm font-semibold text-fg">
          Rate limits
        </h2>
        <EntityTable list={rateLimits} columns={rateCols} label="Rate limits" empty="No rate limits yet." param="r" />
      </section>
      {editing && (
        <LimitsSheet
          key={editing.owner?.id ?? "new"}
          initial={editing}
          actions={actions}
          onClose={() => setEditing(null)}
        />
      )}
    </div>
  );
}

function LimitsSheet({
  initial,
  actions,
  onClose,
}: {
  initial: { owner: Owner | null; limits: LimitsDraft };
  actions: Actions;
  onClose: () => void;
}) {
  const [ownerType, setOwnerType] = useState<OwnerType>(initial.owner?.type ?? "team");
  const [ownerId, setOwnerId] = useState(initial.owner?.id ?? "");
  const [limits, setLimits] = useState(initial.limits);
  const f = useActionForm();
  const pick = async (id: string) => {
    setOwnerId(id);
    if (!id) return setLimits(draftOf());
    const out = await actions.ownerLimits({ type: ownerType, id });
    if (out.ok) setLimits(draftOf(out.data));
  };
  const submit = () =>
    f.run(() => actions.setLimits({ owner_type: ownerType, owner_id: ownerId, ...limitsPayload(limits) }), onClose);
  return (
    <FormSheet
      title={initial.owner ? `Limits of ${initial.owner.name}` : "Set limits"}
      description="Budgets and rate limits of one owner; the levels above it still apply."
      form={f}
      submitLabel="Save limits"
      onSubmit={submit}
      onClose={onClose}
    >
      {!initial.owner && (
        <OwnerFields
          kindLabel="Owner type"
          kinds={OWNER_KINDS}
          kind={ownerType}
          onKind={(k) => {
            setOwnerType(k);
            setOwnerId("");
            setLimits(draftOf());
          }}
          value={ownerId}
          onChange={(id) => void pick(id)}
          error={f.fieldError("owner_id")}
          search={actions.searchOwners}
        />
      )}
      <LimitsEditor value={limits} onChange={setLimits} fieldError={f.fieldError} />
    </FormSheet>
  );
}
