"use client";
// The list of every governance page. The server searches, sorts and pages (lib/governance/read-models);
// this component only shows one page and writes what the user asks for into the URL (`q`, `sort`,
// `dir`, `page`, each with `param` in front when a page has two lists), which re-renders the page
// on the server. At `sm` and up it is a table (@tanstack/react-table renders the cells); below,
// the same column definitions become one card per row. The name cell is a real button so the
// keyboard reaches it.
import { useCallback, useEffect, useState, useTransition } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { flexRender, getCoreRowModel, useReactTable, type Column, type ColumnDef } from "@tanstack/react-table";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { int, usd } from "./form";
import type { ListView } from "./types";

export type NumericMeta = { numeric?: boolean };

const isNumeric = <T,>(c: Column<T>) => Boolean((c.columnDef.meta as NumericMeta | undefined)?.numeric);
const headerText = <T,>(c: Column<T>) =>
  typeof c.columnDef.header === "string" && c.columnDef.header ? c.columnDef.header : c.id.replace(/_/g, " ");

export function EntityTable<T extends { id: string }>({
  list,
  columns,
  label,
  empty,
  toolbar,
  param = "",
}: {
  list: ListView<T>;
  columns: ColumnDef<T>[];
  label: string;
  empty: string;
  toolbar?: React.ReactNode;
  /** Prefix of this list's URL parameters, for a page that shows two lists. */
  param?: string;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const { query, total, page, pageSize, rows, sortable } = list;
  const [text, setText] = useState(query.q);

  const go = useCallback(
    (patch: Record<string, string | null>) => {
      const next = new URLSearchParams(params.toString());
      for (const [k, v] of Object.entries(patch)) {
        if (v === null || v === "") next.delete(`${param}${k}`);
        else next.set(`${param}${k}`, v);
      }
      const qs = next.toString();
      startTransition(() => router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false }));
    },
    [params, param, pathname, router],
  );

  // Search as the user types, 300 ms after the last key, from the first page.
  useEffect(() => {
    if (text.trim() === query.q) return;
    const t = setTimeout(() => go({ q: text.trim(), page: null }), 300);
    return () => clearTimeout(t);
  }, [text, query.q, go]);

  // eslint-disable-next-line react-hooks/incompatible-library -- tanstack table returns fresh functions by design
  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (r) => r.id,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    manualFiltering: true,
  });
  const canSort = (c: Column<T>) => sortable.includes(c.id);
  const sortBy = (c: Column<T>) => {
    const dir = query.sort === c.id ? (query.dir === "asc" ? "desc" : "asc") : isNumeric(c) ? "desc" : "asc";
    go({ sort: c.id, dir, page: null });
  };
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = (page - 1) * pageSize + rows.length;
  const leaf = table.getAllLeafColumns();
  const sortLabel = (id: string) => {
    const c = leaf.find((x) => x.id === id);
    return c ? headerText(c) : id.replace(/_/g, " ");
  };
  const nothing = query.q ? `Nothing matches “${query.q}”.` : empty;

  return (
    <Card aria-busy={pending || undefined}>
      <div className="flex flex-col gap-2 border-b border-border p-3 sm:flex-row sm:items-center sm:justify-between">
        <div className="flex min-w-0 flex-1 gap-2">
          <input
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") go({ q: text.trim(), page: null });
            }}
            placeholder={`Search ${label.toLowerCase()}…`}
            aria-label={`Search ${label.toLowerCase()}`}
            className="h-9 w-full min-w-0 rounded-md border border-border-strong bg-surface px-3 text-sm text-fg placeholder:text-subtle sm:max-w-xs"
          />
          {/* Below sm there are no column headers to click: the order is picked here. */}
          <select
            aria-label={`Sort ${label.toLowerCase()} by`}
            value={`${query.sort}:${query.dir}`}
            onChange={(e) => {
              const [sort, dir] = e.target.value.split(":");
              go({ sort, dir, page: null });
            }}
            className="h-9 max-w-[45%] shrink-0 rounded-md border border-border-strong bg-surface px-2 text-sm text-fg sm:hidden"
          >
            {sortable.flatMap((id) => [
              <option key={`${id}:asc`} value={`${id}:asc`}>
                {sortLabel(id)} ↑
              </option>,
              <option key={`${id}:desc`} value={`${id}:desc`}>
                {sortLabel(id)} ↓
              </option>,
            ])}
          </select>
        </div>
        {toolbar && <div className="flex flex-wrap gap-2">{toolbar}</div>}
      </div>
      <div className={`hidden overflow-x-auto sm:block ${pending ? "opacity-60" : ""}`}>
        <table className="w-full min-w-[40rem] text-left text-sm" aria-label={label}>
          <thead className="border-b border-border text-xs text-muted">
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((h) => {
                  const numeric = isNumeric(h.column);
                  const dir = query.sort === h.column.id ? query.dir : null;
                  return (
                    <th
                      key={h.id}
                      scope="col"
                      className={`px-4 py-2.5 font-medium whitespace-nowrap ${numeric ? "text-right" : ""}`}
                      aria-sort={
                        !canSort(h.column)
                          ? undefined
                          : dir === "asc"
                            ? "ascending"
                            : dir === "desc"
                              ? "descending"
                              : "none"
                      }
                    >
                      {canSort(h.column) ? (
                        <button type="button" className="hover:text-fg" onClick={() => sortBy(h.column)}>
                          {flexRender(h.column.columnDef.header, h.getContext())}
                          {dir === "asc" ? " ↑" : dir === "desc" ? " ↓" : ""}
                        </button>
                      ) : (
                        flexRender(h.column.columnDef.header, h.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-border">
            {table.getRowModel().rows.map((r) => (
              <tr key={r.id} className="align-top hover:bg-surface-2/60">
                {r.getVisibleCells().map((c) => (
                  <td
                    key={c.id}
                    className={`px-4 py-2.5 whitespace-nowrap text-fg ${isNumeric(c.column) ? "text-right tabular-nums" : ""}`}
                  >
                    {flexRender(c.column.columnDef.cell, c.getContext())}
                  </td>
                ))}
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={columns.length} className="px-4 py-8 text-center text-muted">
                  {nothing}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <ul className={`divide-y divide-border sm:hidden ${pending ? "opacity-60" : ""}`} aria-label={label}>
        {table.getRowModel().rows.map((r) => {
          const [title, ...rest] = r.getVisibleCells();
          const actions = rest.filter((c) => c.column.id === "actions");
          return (
            <li key={r.id} className="space-y-2 px-4 py-3 text-sm">
              <div className="min-w-0">{flexRender(title.column.columnDef.cell, title.getContext())}</div>
              <dl className="space-y-1.5">
                {rest
                  .filter((c) => c.column.id !== "actions")
                  .map((c) => (
                    <div key={c.id} className="flex items-baseline justify-between gap-3">
                      <dt className="shrink-0 text-xs text-muted">{headerText(c.column)}</dt>
                      <dd
                        className={`min-w-0 text-right break-words text-fg [&_*]:max-w-full ${isNumeric(c.column) ? "tabular-nums" : ""}`}
                      >
                        {flexRender(c.column.columnDef.cell, c.getContext())}
                      </dd>
                    </div>
                  ))}
              </dl>
              {actions.map((c) => (
                <div key={c.id} className="flex flex-wrap justify-end gap-1">
                  {flexRender(c.column.columnDef.cell, c.getContext())}
                </div>
              ))}
            </li>
          );
        })}
        {rows.length === 0 && <li className="px-4 py-8 text-center text-sm text-muted">{nothing}</li>}
      </ul>
      {total > 0 && (
        <nav
          aria-label={`${label} pages`}
          className="flex flex-wrap items-center justify-between gap-2 border-t border-border px-4 py-3 text-sm text-muted"
        >
          <span aria-live="polite">
            Showing {int(from)}–{int(to)} of {int(total)}
          </span>
          {pages > 1 && (
            <span className="flex items-center gap-2">
              <span>
                Page {int(page)} of {int(pages)}
              </span>
              <Button
                size="sm"
                disabled={page <= 1 || pending}
                onClick={() => go({ page: page - 1 > 1 ? String(page - 1) : null })}
                aria-label="Previous page"
              >
                ← Prev
              </Button>
              <Button
                size="sm"
                disabled={page >= pages || pending}
                onClick={() => go({ page: String(page + 1) })}
                aria-label="Next page"
              >
                Next →
              </Button>
            </span>
          )}
        </nav>
      )}
    </Card>
  );
}

/** The first column of every table: the name, as a button that opens the details sheet. */
export function NameCell({ name, sub, onOpen }: { name: string; sub?: string | null; onOpen: () => void }) {
  return (
    <div className="min-w-0">
      <button
        type="button"
        onClick={onOpen}
        className="text-left font-medium break-words text-accent-text hover:underline"
      >
        {name}
      </button>
      {sub && <div className="max-w-xs truncate text-xs text-muted">{sub}</div>}
    </div>
  );
}

/** A right-aligned count column. */
export function countColumn<T>(key: keyof T & string, header: string): ColumnDef<T> {
  return { accessorKey: key, header, meta: { numeric: true }, cell: (c) => int(c.getValue<number>()) } as ColumnDef<T>;
}

/** A right-aligned US-dollar column. */
export function usdColumn<T>(key: keyof T & string, header: string): ColumnDef<T> {
  return { accessorKey: key, header, meta: { numeric: true }, cell: (c) => usd(c.getValue<number>()) } as ColumnDef<T>;
}

/** The row's Edit button, for those who may write. */
export function editColumn<T extends { name: string }>(canWrite: boolean, onEdit: (row: T) => void): ColumnDef<T> {
  return {
    id: "actions",
    header: "",
    enableSorting: false,
    cell: ({ row: r }) =>
      canWrite && (
        <Button size="sm" variant="ghost" onClick={() => onEdit(r.original)} aria-label={`Edit ${r.original.name}`}>
          Edit
        </Button>
      ),
  };
}
