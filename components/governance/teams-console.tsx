"use client";
// Teams: table, create/edit sheet (name, description, customer, budgets, rate limits), details sheet.
import { useState } from "react";
import type { ColumnDef } from "@tanstack/react-table";
import { Badge } from "@/components/ui/badge";
import type { LoadDetails } from "./details-sheet";
import { countColumn, usdColumn } from "./entity-table";
import { Field } from "./form";
import { NamedOwnerSheet } from "./named-owner-sheet";
import { OwnerConsole } from "./owner-console";
import { OwnerPicker, type SearchOwners } from "./owner-picker";
import type { ListView, TeamRow } from "./types";
import { useGovernanceActions, type GovernanceActions } from "./use-governance-actions";
import { useSheets, type Editing } from "./use-sheets";

const COLUMNS: ColumnDef<TeamRow>[] = [
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
];

export function TeamsConsole({
  list,
  reads,
}: {
  list: ListView<TeamRow>;
  reads: { details: LoadDetails; searchOwners: SearchOwners };
}) {
  const g = useGovernanceActions();
  const s = useSheets<TeamRow>("team", reads.details);
  return (
    <OwnerConsole
      sheets={s}
      permission="teams.write"
      list={list}
      label="Teams"
      empty="No teams yet."
      newLabel="New team"
      nameHeader="Team"
      sub={(r) => r.description}
      columns={COLUMNS}
      facts={(d) => [
        ["Customer", d.customer ?? "—"],
        ["Members", d.members],
        ["Description", d.description ?? "—"],
        ["Source", d.scim ? <Badge key="s">SCIM group</Badge> : "Created in Warden"],
      ]}
      editLabel="Edit team"
      form={(editing) => <TeamSheet editing={editing} g={g} searchOwners={reads.searchOwners} onClose={s.close} />}
    />
  );
}

/** The shared name / description / limits sheet, with the customer the team belongs to. */
function TeamSheet({
  editing,
  g,
  searchOwners,
  onClose,
}: {
  editing: Editing<TeamRow>;
  g: Pick<GovernanceActions, "createTeam" | "updateTeam" | "deleteTeam">;
  searchOwners: SearchOwners;
  onClose: () => void;
}) {
  const row = editing.mode === "edit" ? editing.row : null;
  const [customer, setCustomer] = useState(row?.customer_id ?? "");
  return (
    <NamedOwnerSheet
      editing={editing}
      noun="team"
      description="A team belongs to a customer (optional); its budgets cap what its members and keys spend."
      actions={{ create: g.createTeam, update: g.updateTeam, remove: g.deleteTeam }}
      body={({ name, description }) => ({ name, description: description || null, customer_id: customer || null })}
      onClose={onClose}
    >
      {(fieldError) => (
        <Field
          label="Customer"
          error={fieldError("customer_id")}
          hint="The customer's budgets apply on top of the team's."
        >
          {(p) => (
            <OwnerPicker
              field={p}
              kind="customer"
              value={customer}
              label={row?.customer}
              onChange={setCustomer}
              search={searchOwners}
              clearLabel="No customer"
              placeholder="No customer"
            />
          )}
        </Field>
      )}
    </NamedOwnerSheet>
  );
}
