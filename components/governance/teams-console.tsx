"use client";
// Teams: table, create/edit sheet (name, description, customer, budgets, rate limits), details sheet.
import { useMemo, useState } from "react";
import type { ColumnDef } from "@tanstack/react-table";
import { useCan } from "@/components/rbac/can";
import { GuardedButton } from "@/components/rbac/guarded-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DetailsSheet, type LoadDetails } from "./details-sheet";
import { countColumn, editColumn, EntityTable, NameCell, usdColumn } from "./entity-table";
import { Field, FormBanner, FormSheet, useActionForm } from "./form";
import { inputClass } from "@/components/ui/field";
import { draftOf, LimitsEditor, limitsPayload, type LimitsDraft } from "./limits-editor";
import { OwnerPicker, type SearchOwners } from "./owner-picker";
import type { Act, ListView, TeamRow } from "./types";
import { useGovernanceActions } from "./use-governance-actions";
import { useSheets, type Editing } from "./use-sheets";

type Actions = { create: Act; update: Act; remove: Act; details: LoadDetails; searchOwners: SearchOwners };

export function TeamsConsole({
  list,
  reads,
}: {
  list: ListView<TeamRow>;
  reads: Pick<Actions, "details" | "searchOwners">;
}) {
  const g = useGovernanceActions();
  const actions: Actions = { create: g.createTeam, update: g.updateTeam, remove: g.deleteTeam, ...reads };
  const canWrite = useCan("teams.write");
  const s = useSheets<TeamRow>("team", actions.details);
  const columns = useMemo<ColumnDef<TeamRow>[]>(
    () => [
      {
        accessorKey: "name",
        header: "Team",
        cell: ({ row: r }) => (
          <NameCell name={r.original.name} sub={r.original.description} onOpen={() => s.setDetails(r.original)} />
        ),
      },
      {
        accessorKey: "customer",
        header: "Customer",
        cell: (c) => c.getValue<string | null>() ?? <span className="text-muted">—</span>,
      },
      { accessorKey: "members", header: "Members", meta: { numeric: true } },
      { accessorKey: "keys", header: "Keys", meta: { numeric: true } },
      { accessorKey: "budgets", header: "Budgets", meta: { numeric: true } },
      countColumn("requests_30d", "Requests (30 d)"),
      usdColumn("cost_30d", "Cost (30 d)"),
      editColumn(canWrite, (row) => s.openEdit(row)),
    ],
    [canWrite, s],
  );
  const d = s.details;
  return (
    <>
      {s.loadError && <FormBanner text={s.loadError} />}
      <EntityTable
        list={list}
        columns={columns}
        label="Teams"
        empty="No teams yet."
        toolbar={
          <GuardedButton permission="teams.write" variant="primary" onClick={() => s.setEditing({ mode: "create" })}>
            New team
          </GuardedButton>
        }
      />
      <DetailsSheet
        target={s.target}
        load={actions.details}
        onClose={() => s.setDetails(null)}
        title={d?.name ?? ""}
        facts={
          d
            ? [
                ["Customer", d.customer ?? "—"],
                ["Members", d.members],
                ["Description", d.description ?? "—"],
                ["Source", d.scim ? <Badge key="s">SCIM group</Badge> : "Created in Warden"],
              ]
            : []
        }
        actions={d && canWrite ? <Button onClick={() => s.openEdit(d)}>Edit team</Button> : undefined}
      />
      {s.editing && (
        <TeamSheet
          key={s.editing.mode === "edit" ? s.editing.row.id : "new"}
          editing={s.editing}
          actions={actions}
          onClose={s.close}
        />
      )}
    </>
  );
}

function TeamSheet({
  editing,
  actions,
  onClose,
}: {
  editing: Editing<TeamRow>;
  actions: Actions;
  onClose: () => void;
}) {
  const row = editing.mode === "edit" ? editing.row : null;
  const [name, setName] = useState(row?.name ?? "");
  const [description, setDescription] = useState(row?.description ?? "");
  const [customer, setCustomer] = useState(row?.customer_id ?? "");
  const [limits, setLimits] = useState<LimitsDraft>(editing.mode === "edit" ? editing.limits : draftOf());
  const f = useActionForm();
  const submit = () => {
    const body = {
      name: name.trim(),
      description: description.trim() || null,
      customer_id: customer || null,
      ...limitsPayload(limits),
    };
    f.run(() => (row ? actions.update({ id: row.id, ...body }) : actions.create(body)), onClose);
  };
  return (
    <FormSheet
      title={row ? `Edit ${row.name}` : "New team"}
      description="A team belongs to a customer (optional); its budgets cap what its members and keys spend."
      form={f}
      submitLabel={row ? "Save team" : "Create team"}
      onSubmit={submit}
      onClose={onClose}
      onDelete={row && { what: "team", confirm: () => f.run(() => actions.remove({ id: row.id }), onClose) }}
    >
      <Field label="Name" error={f.fieldError("name")}>
        {(p) => (
          <input {...p} className={inputClass} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        )}
      </Field>
      <Field label="Description" error={f.fieldError("description")}>
        {(p) => (
          <input {...p} className={inputClass} value={description} onChange={(e) => setDescription(e.target.value)} />
        )}
      </Field>
      <Field
        label="Customer"
        error={f.fieldError("customer_id")}
        hint="The customer's budgets apply on top of the team's."
      >
        {(p) => (
          <OwnerPicker
            field={p}
            kind="customer"
            value={customer}
            label={row?.customer}
            onChange={setCustomer}
            search={actions.searchOwners}
            clearLabel="No customer"
            placeholder="No customer"
          />
        )}
      </Field>
      <LimitsEditor value={limits} onChange={setLimits} fieldError={f.fieldError} />
    </FormSheet>
  );
}
