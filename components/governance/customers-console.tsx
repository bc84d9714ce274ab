"use client";
// Customers: table, create/edit sheet (name, description, budgets, rate limits), details sheet.
import { useMemo, useState } from "react";
import type { ColumnDef } from "@tanstack/react-table";
import { useCan } from "@/components/rbac/can";
import { GuardedButton } from "@/components/rbac/guarded-button";
import { Button } from "@/components/ui/button";
import { DetailsSheet, type LoadDetails } from "./details-sheet";
import { countColumn, editColumn, EntityTable, NameCell, usdColumn } from "./entity-table";
import { date, Field, FormBanner, FormSheet, useActionForm } from "./form";
import { inputClass } from "@/components/ui/field";
import { draftOf, LimitsEditor, limitsPayload, type LimitsDraft } from "./limits-editor";
import type { Act, CustomerRow, ListView } from "./types";
import { useGovernanceActions } from "./use-governance-actions";
import { useSheets, type Editing } from "./use-sheets";

export function CustomersConsole({ list, reads }: { list: ListView<CustomerRow>; reads: { details: LoadDetails } }) {
  const g = useGovernanceActions();
  const actions = { create: g.createCustomer, update: g.updateCustomer, remove: g.deleteCustomer, ...reads };
  const canWrite = useCan("customers.write");
  const s = useSheets<CustomerRow>("customer", actions.details);
  const columns = useMemo<ColumnDef<CustomerRow>[]>(
    () => [
      {
        accessorKey: "name",
        header: "Customer",
        cell: ({ row: r }) => (
          <NameCell name={r.original.name} sub={r.original.description} onOpen={() => s.setDetails(r.original)} />
        ),
      },
      { accessorKey: "teams", header: "Teams", meta: { numeric: true } },
      { accessorKey: "keys", header: "Keys", meta: { numeric: true } },
      { accessorKey: "budgets", header: "Budgets", meta: { numeric: true } },
      countColumn("requests_30d", "Requests (30 d)"),
      usdColumn("cost_30d", "Cost (30 d)"),
      editColumn(canWrite, (row) => s.openEdit(row)),
    ],
    [canWrite, s],
  );
  return (
    <>
      {s.loadError && <FormBanner text={s.loadError} />}
      <EntityTable
        list={list}
        columns={columns}
        label="Customers"
        empty="No customers yet."
        toolbar={
          <GuardedButton
            permission="customers.write"
            variant="primary"
            onClick={() => s.setEditing({ mode: "create" })}
          >
            New customer
          </GuardedButton>
        }
      />
      <DetailsSheet
        target={s.target}
        load={actions.details}
        onClose={() => s.setDetails(null)}
        title={s.details?.name ?? ""}
        facts={
          s.details
            ? [
                ["Description", s.details.description ?? "—"],
                ["Teams", s.details.teams],
                ["Created", date(s.details.created_at)],
              ]
            : []
        }
        actions={
          s.details && canWrite ? (
            <Button onClick={() => s.details && s.openEdit(s.details)}>Edit customer</Button>
          ) : undefined
        }
      />
      {s.editing && (
        <CustomerSheet
          key={s.editing.mode === "edit" ? s.editing.row.id : "new"}
          editing={s.editing}
          actions={actions}
          onClose={s.close}
        />
      )}
    </>
  );
}

function CustomerSheet({
  editing,
  actions,
  onClose,
}: {
  editing: Editing<CustomerRow>;
  actions: { create: Act; update: Act; remove: Act };
  onClose: () => void;
}) {
  const row = editing.mode === "edit" ? editing.row : null;
  const [name, setName] = useState(row?.name ?? "");
  const [description, setDescription] = useState(row?.description ?? "");
  const [limits, setLimits] = useState<LimitsDraft>(editing.mode === "edit" ? editing.limits : draftOf());
  const f = useActionForm();
  const submit = () => {
    const body = { name: name.trim(), description: description.trim() || undefined, ...limitsPayload(limits) };
    f.run(() => (row ? actions.update({ id: row.id, ...body }) : actions.create(body)), onClose);
  };
  return (
    <FormSheet
      title={row ? `Edit ${row.name}` : "New customer"}
      description="A customer groups teams; its budgets cap everything its teams and keys spend."
      form={f}
      submitLabel={row ? "Save customer" : "Create customer"}
      onSubmit={submit}
      onClose={onClose}
      onDelete={row && { what: "customer", confirm: () => f.run(() => actions.remove({ id: row.id }), onClose) }}
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
      <LimitsEditor value={limits} onChange={setLimits} fieldError={f.fieldError} />
    </FormSheet>
  );
}
