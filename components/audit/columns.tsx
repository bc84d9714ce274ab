// Column definitions for the audit table. The first cell is the entry's link, so every row is
// reachable by keyboard and opens the drawer at a shareable URL.
import Link from "next/link";
import { createColumnHelper } from "@tanstack/react-table";
import { Badge } from "@/components/ui/badge";
import { actorLabel, formatUtc, outcomeTone, targetLabel } from "./format";
import type { AuditTableRow } from "./types";

const col = createColumnHelper<AuditTableRow>();

export const AUDIT_COLUMNS = [
  col.accessor("ts", {
    header: "Time (UTC)",
    enableHiding: false,
    cell: (c) => (
      <Link
        href={c.row.original.href}
        scroll={false}
        data-entry-link={c.row.original.id}
        className="font-medium whitespace-nowrap text-fg underline-offset-2 hover:underline focus-visible:underline"
      >
        {formatUtc(c.getValue()).replace(" UTC", "")}
      </Link>
    ),
  }),
  col.accessor((r) => actorLabel(r.actor), {
    id: "actor",
    header: "Actor",
    cell: (c) => (
      <span className="block max-w-48 truncate" title={c.row.original.actor.email ?? c.row.original.actor.ref}>
        {c.getValue()}
      </span>
    ),
  }),
  col.accessor("action", {
    header: "Action",
    cell: (c) => <code className="font-mono text-xs whitespace-nowrap">{c.getValue()}</code>,
  }),
  col.accessor("category", { header: "Category", cell: (c) => <span className="capitalize">{c.getValue()}</span> }),
  col.accessor("outcome", {
    header: "Outcome",
    cell: (c) => <Badge tone={outcomeTone(c.getValue())}>{c.getValue()}</Badge>,
  }),
  col.accessor((r) => targetLabel(r.target), {
    id: "target",
    header: "Target",
    cell: (c) => (
      <span className="block max-w-56 truncate" title={c.getValue()}>
        {c.getValue()}
      </span>
    ),
  }),
  col.accessor("request_id", {
    header: "Request ID",
    cell: (c) => <code className="font-mono text-xs whitespace-nowrap text-muted">{c.getValue() ?? "—"}</code>,
  }),
  col.accessor("seq", { header: "Seq", cell: (c) => <span className="tabular-nums">{c.getValue()}</span> }),
];

/** Hidden by default on first visit: useful, but long. */
export const DEFAULT_HIDDEN = { request_id: false } as const;
