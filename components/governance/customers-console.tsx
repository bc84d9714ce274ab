"use client";
// Customers: table, create/edit sheet (name, description, budgets, rate limits), details sheet.
import type { ColumnDef } from "@tanstack/react-table";
import type { LoadDetails } from "./details-sheet";
import { countColumn, usdColumn } from "./entity-table";
import { date } from "./form";
import { NamedOwnerSheet } from "./named-owner-sheet";
import { OwnerConsole } from "./owner-console";
import type { CustomerRow, ListView } from "./types";
import { useGovernanceActions } from "./use-governance-actions";
import { useSheets } from "./use-sheets";

const COLUMNS: ColumnDef<CustomerRow>[] = [
  { accessorKey: "teams", header: "Teams", meta: { numeric: true } },
  { accessorKey: "keys", header: "Keys", meta: { numeric: true } },
  { accessorKey: "budgets", header: "Budgets", meta: { numeric: true } },
  countColumn("requests_30d", "Requests (30 d)"),
  usdColumn("cost_30d", "Cost (30 d)"),
];

export function CustomersConsole({ list, reads }: { list: ListView<CustomerRow>; reads: { details: LoadDetails } }) {
  const g = useGovernanceActions();
  const s = useSheets<CustomerRow>("customer", reads.details);
  return (
    <OwnerConsole
      sheets={s}
      permission="customers.write"
      list={list}
      label="Customers"
      empty="No customers yet."
      newLabel="New customer"
      nameHeader="Customer"
      sub={(r) => r.description}
      columns={COLUMNS}
      facts={(d) => [
        ["Description", d.description ?? "—"],
        ["Teams", d.teams],
        ["Created", date(d.created_at)],
      ]}
      editLabel="Edit customer"
      form={(editing) => (
        <NamedOwnerSheet
          editing={editing}
          noun="customer"
          description="A customer groups teams; its budgets cap everything its teams and keys spend."
          actions={{ create: g.createCustomer, update: g.updateCustomer, remove: g.deleteCustomer }}
          body={({ name, description }) => ({ name, description: description || undefined })}
          onClose={s.close}
        />
      )}
    />
  );
}
