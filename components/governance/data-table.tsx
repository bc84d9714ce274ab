"use client";
// A sortable table for governance lists (@tanstack/react-table). Rows are plain values so a
// server component can hand them over; formatting happens before they get here.
import { useMemo, useState } from "react";
import { flexRender, getCoreRowModel, getSortedRowModel, useReactTable, type ColumnDef, type SortingState } from "@tanstack/react-table";

export interface Column {
  key: string;
  header: string;
  numeric?: boolean;
}

type Row = Record<string, string | number | null>;

export function DataTable({ columns, rows, empty }: { columns: Column[]; rows: Row[]; empty: string }) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const defs = useMemo<ColumnDef<Row>[]>(
    () => columns.map((c) => ({ accessorKey: c.key, header: c.header, meta: { numeric: c.numeric }, cell: (info) => info.getValue<string | number | null>() ?? "—" })),
    [columns],
  );
  // eslint-disable-next-line react-hooks/incompatible-library -- tanstack table returns fresh functions by design
  const table = useReactTable({ data: rows, columns: defs, state: { sorting }, onSortingChange: setSorting, getCoreRowModel: getCoreRowModel(), getSortedRowModel: getSortedRowModel() });
  if (rows.length === 0) return <p className="p-4 text-sm text-muted">{empty}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead>
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id} className="border-b border-border text-left text-xs text-muted">
              {hg.headers.map((h) => {
                const numeric = (h.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric;
                const dir = h.column.getIsSorted();
                return (
                  <th key={h.id} scope="col" className={`px-3 py-2 font-medium ${numeric ? "text-right" : ""}`} aria-sort={dir === "asc" ? "ascending" : dir === "desc" ? "descending" : "none"}>
                    <button type="button" className="hover:text-fg" onClick={h.column.getToggleSortingHandler()}>
                      {flexRender(h.column.columnDef.header, h.getContext())}
                      {dir === "asc" ? " ↑" : dir === "desc" ? " ↓" : ""}
                    </button>
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((r) => (
            <tr key={r.id} className="border-b border-border last:border-0">
              {r.getVisibleCells().map((c) => {
                const numeric = (c.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric;
                return (
                  <td key={c.id} className={`px-3 py-2 text-fg ${numeric ? "text-right tabular-nums" : ""}`}>
                    {flexRender(c.column.columnDef.cell, c.getContext())}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
