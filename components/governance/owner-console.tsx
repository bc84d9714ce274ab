"use client";
// The frame of the customers, teams, users and virtual keys consoles: the list (the name first,
// opening the details; Edit last) with its "New …" button, the details sheet and the create/edit
// sheet, as useSheets keeps them. Each console passes what is its own: columns, facts and form.
import { Fragment, type ReactNode } from "react";
import type { ColumnDef } from "@tanstack/react-table";
import { useCan } from "@/components/rbac/can";
import { GuardedButton } from "@/components/rbac/guarded-button";
import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/outcome";
import type { Permission } from "@/lib/rbac/permissions";
import { DetailsSheet } from "./details-sheet";
import { editColumn, EntityTable, NameCell } from "./entity-table";
import type { ListView } from "./types";
import type { Editing, Sheets } from "./use-sheets";

export function OwnerConsole<T extends { id: string; name: string }>({
  sheets: s,
  permission,
  list,
  label,
  empty,
  newLabel,
  nameHeader,
  sub,
  columns,
  rowActions,
  facts,
  editLabel,
  detailsActions = (_, edit) => edit,
  details,
  form,
  children,
}: {
  sheets: Sheets<T>;
  /** What creating and editing need: without it "New …" is disabled and the details offer no edit. */
  permission: Permission;
  list: ListView<T>;
  label: string;
  empty: string;
  /** The toolbar's create button ("New team"). */
  newLabel: string;
  /** The name column's header, and what its cell shows under the name. */
  nameHeader: string;
  sub: (row: T) => string | null;
  /** The columns between the name and the row's actions. */
  columns: ColumnDef<T>[];
  /** The row's buttons for those who may write; by default Edit alone. */
  rowActions?: (row: T) => ReactNode;
  facts: (row: T) => [string, ReactNode][];
  /** The details sheet's edit button ("Edit team"). */
  editLabel: string;
  /** The details sheet's footer, given its edit button; by default that button alone. */
  detailsActions?: (row: T, edit: ReactNode) => ReactNode;
  /** Sections of the details sheet under the facts. */
  details?: (row: T) => ReactNode;
  /** The create/edit sheet; it is mounted afresh for each row. */
  form: (editing: Editing<T>) => ReactNode;
  /** What else the console shows (its dialogs). */
  children?: ReactNode;
}) {
  const canWrite = useCan(permission);
  const table: ColumnDef<T>[] = [
    {
      accessorKey: "name",
      header: nameHeader,
      cell: ({ row: r }) => (
        <NameCell name={r.original.name} sub={sub(r.original)} onOpen={() => s.setDetails(r.original)} />
      ),
    },
    ...columns,
    rowActions
      ? { id: "actions", header: "", enableSorting: false, cell: ({ row: r }) => canWrite && rowActions(r.original) }
      : editColumn(canWrite, (row) => s.openEdit(row)),
  ];
  const d = s.details;
  return (
    <>
      {s.loadError && <ErrorBanner text={s.loadError} />}
      <EntityTable
        list={list}
        columns={table}
        label={label}
        empty={empty}
        toolbar={
          <GuardedButton permission={permission} variant="primary" onClick={() => s.setEditing({ mode: "create" })}>
            {newLabel}
          </GuardedButton>
        }
      />
      <DetailsSheet
        target={s.target}
        load={s.load}
        onClose={() => s.setDetails(null)}
        title={d?.name ?? ""}
        facts={d ? facts(d) : []}
        actions={
          d && canWrite ? detailsActions(d, <Button onClick={() => s.openEdit(d)}>{editLabel}</Button>) : undefined
        }
      >
        {d && details?.(d)}
      </DetailsSheet>
      {s.editing && <Fragment key={s.editing.mode === "edit" ? s.editing.row.id : "new"}>{form(s.editing)}</Fragment>}
      {children}
    </>
  );
}
