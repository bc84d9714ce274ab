// The Audit page body: chain badge, filters, the entries table with its pager, and the drawer.
// Server-rendered; the interactive parts are small client components fed plain data.
import { Card } from "@/components/ui/card";
import { AuditFilters } from "./audit-filters";
import { AuditTable } from "./audit-table";
import { EntryDrawer } from "./entry-drawer";
import { Pager } from "./pager";
import { EntryMissing, FilterProblem, NoEntries } from "./states";
import type { ActionOption, AuditRow, AuditTableRow, FilterValues, VerificationView } from "./types";
import { VerifyBadge } from "./verify-badge";

export interface ExplorerProps {
  latest: VerificationView | null;
  rows: AuditTableRow[];
  filterError: string | null;
  filtered: boolean;
  form: FilterValues;
  categories: readonly string[];
  actions: ActionOption[];
  pager: { older: string | null; newer: string | null; newest: string | null };
  entry?: AuditRow;
  entryMissing: boolean;
  closeHref: string;
  selectedId?: string;
}

export function AuditExplorer(p: ExplorerProps) {
  return (
    <div className="flex flex-col gap-4">
      <VerifyBadge latest={p.latest} />
      {p.entryMissing && <EntryMissing closeHref={p.closeHref} />}
      <Card>
        <AuditFilters key={JSON.stringify(p.form)} values={p.form} categories={p.categories} actions={p.actions} />
      </Card>
      <Card className="overflow-hidden">
        {p.filterError ? (
          <FilterProblem message={p.filterError} />
        ) : p.rows.length === 0 ? (
          <NoEntries filtered={p.filtered} />
        ) : (
          <>
            <AuditTable rows={p.rows} selectedId={p.selectedId} />
            <Pager {...p.pager} />
          </>
        )}
      </Card>
      {p.entry && <EntryDrawer key={p.entry.id} entry={p.entry} closeHref={p.closeHref} />}
    </div>
  );
}
