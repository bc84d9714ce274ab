"use client";
// The table of every governance page (@tanstack/react-table): search across the row's text,
// sort by any column, pages of 20. A row opens its details; the name cell is a real button so
// the keyboard reaches it.
import { useMemo, useState } from "react";
import {
  flexRender, getCoreRowModel, getFilteredRowModel, getPaginationRowModel, getSortedRowModel, useReactTable,
  type ColumnDef, type SortingState,
} from "@tanstack/react-table";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

export type NumericMeta = { numeric?: boolean };

export function EntityTable<T>({ rows, columns, label, empty, toolbar, searchText }: {
  rows: T[];
  columns: ColumnDef<T>[];
  label: string;
  empty: string;
  toolbar?: React.ReactNode;
  /** The text a search matches against. */
  searchText: (row: T) => string;
}) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const [query, setQuery] = useState("");
  const [pagination, setPagination] = useState({ pageIndex: 0, pageSize: 20 });
  const filtered = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? rows.filter((r) => searchText(r).toLowerCase().includes(q)) : rows;
  }, [rows, query, searchText]);
  // eslint-disable-next-line react-hooks/incompatible-library -- tanstack table returns fresh functions by design
  const table = useReactTable({
    data: filtered, columns, state: { sorting, pagination }, onSortingChange: setSorting, onPaginationChange: setPagination,
    getCoreRowModel: getCoreRowModel(), getSortedRowModel: getSortedRowModel(), getFilteredRowModel: getFilteredRowModel(), getPaginationRowModel: getPaginationRowModel(),
    autoResetPageIndex: true,
  });
  const pages = table.getPageCount();
  return (
    <Card>
      <div className="flex flex-col gap-2 border-b border-border p-3 sm:flex-row sm:items-center sm:justify-between">
        <input
          type="search"
          value={query}
          onChange={(e) => { setQuery(e.target.value); setPagination((p) => ({ ...p, pageIndex: 0 })); }}
          placeholder={`Search ${label.toLowerCase()}…`}
          aria-label={`Search ${label.toLowerCase()}`}
          className="h-9 w-full rounded-md border border-border-strong bg-surface px-3 text-sm text-fg placeholder:text-subtle sm:max-w-xs"
        />
        {toolbar && <div className="flex flex-wrap gap-2">{toolbar}</div>}
      </div>
      <div className="overflow-x-auto">
        <table className="w-full min-w-[40rem] text-left text-sm" aria-label={label}>
          <thead className="border-b border-border text-xs text-muted">
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((h) => {
                  const numeric = (h.column.columnDef.meta as NumericMeta | undefined)?.numeric;
                  const dir = h.column.getIsSorted();
                  return (
                    <th key={h.id} scope="col" className={`px-4 py-2.5 font-medium whitespace-nowrap ${numeric ? "text-right" : ""}`} aria-sort={dir === "asc" ? "ascending" : dir === "desc" ? "descending" : "none"}>
                      {h.column.getCanSort() ? (
                        <button type="button" className="hover:text-fg" onClick={h.column.getToggleSortingHandler()}>
                          {flexRender(h.column.columnDef.header, h.getContext())}
                          {dir === "asc" ? " ↑" : dir === "desc" ? " ↓" : ""}
                        </button>
                      ) : flexRender(h.column.columnDef.header, h.getContext())}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-border">
            {table.getRowModel().rows.map((r) => (
              <tr key={r.id} className="align-top hover:bg-surface-2/60">
                {r.getVisibleCells().map((c) => {
                  const numeric = (c.column.columnDef.meta as NumericMeta | undefined)?.numeric;
                  return <td key={c.id} className={`px-4 py-2.5 whitespace-nowrap text-fg ${numeric ? "text-right tabular-nums" : ""}`}>{flexRender(c.column.columnDef.cell, c.getContext())}</td>;
                })}
              </tr>
            ))}
            {filtered.length === 0 && (
              <tr><td colSpan={columns.length} className="px-4 py-8 text-center text-muted">{query ? `Nothing matches “${query}”.` : empty}</td></tr>
            )}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav aria-label={`${label} pages`} className="flex items-center justify-end gap-2 border-t border-border px-4 py-3 text-sm text-muted">
          <span>Page {pagination.pageIndex + 1} of {pages} · {filtered.length} rows</span>
          <Button size="sm" disabled={!table.getCanPreviousPage()} onClick={() => table.previousPage()}>← Previous</Button>
          <Button size="sm" disabled={!table.getCanNextPage()} onClick={() => table.nextPage()}>Next →</Button>
        </nav>
      )}
    </Card>
  );
}

/** The first column of every table: the name, as a button that opens the details sheet. */
export function NameCell({ name, sub, onOpen }: { name: string; sub?: string | null; onOpen: () => void }) {
  return (
    <div className="min-w-0">
      <button type="button" onClick={onOpen} className="text-left font-medium text-accent-text hover:underline">{name}</button>
      {sub && <div className="max-w-xs truncate text-xs text-muted">{sub}</div>}
    </div>
  );
}
