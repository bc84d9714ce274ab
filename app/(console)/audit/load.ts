// Everything the Audit page shows, read in one tenant transaction: the page of entries, the
// latest recorded verification and the entry open in the drawer. Bad filter input becomes a
// message on the page (the same zod schema as GET /v1/audit), never a 500.
import "server-only";
import type { ExplorerProps } from "@/components/audit/audit-explorer";
import type { AuditRow } from "@/components/audit/types";
import { auditListSchema, getAuditEntry, listAudit } from "@/lib/audit/query";
import { AUDIT_ACTIONS, AUDIT_CATEGORIES } from "@/lib/audit/taxonomy";
import { latestVerification } from "@/lib/audit/verification";
import { WardenError } from "@/lib/errors";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { newerHref, newestHref, olderHref, viewHref, type AuditSearchState } from "./search-state";

const PAGE_SIZE = 50;
const ENTRY_ID = /^[A-Za-z0-9_-]{1,64}$/;

export async function loadAuditPage(
  tenantId: string,
  state: AuditSearchState,
): Promise<Omit<ExplorerProps, "canVerify">> {
  const parsed = auditListSchema.safeParse({ ...state.filters, cursor: state.cursor, limit: PAGE_SIZE });
  const filterError = parsed.success
    ? null
    : parsed.error.issues.map((i) => `${i.path.join(".") || "filter"}: ${i.message}`).join("; ");

  const { latest, page, entry } = await withTenant(tenantId, async (tx) => ({
    latest: await latestVerification(tx),
    page: parsed.success ? await listAudit(tx, parsed.data) : null,
    entry: state.entry ? await findEntry(tx, state.entry) : null,
  }));

  return {
    latest,
    rows: (page?.data ?? []).map((r) => ({ ...r, href: viewHref(state, r.id) })),
    filterError,
    filtered: Object.keys(state.filters).length > 0,
    form: state.form,
    categories: AUDIT_CATEGORIES,
    actions: Object.entries(AUDIT_ACTIONS).map(([value, category]) => ({ value, category })),
    pager: {
      older: page?.next_cursor ? olderHref(state, page.next_cursor) : null,
      newer: newerHref(state),
      newest: state.trail.length > 1 ? newestHref(state) : null,
    },
    entry: entry ?? undefined,
    entryMissing: Boolean(state.entry) && !entry,
    closeHref: viewHref(state),
    selectedId: state.entry,
  };
}

async function findEntry(tx: Parameters<Parameters<typeof withTenant>[1]>[0], id: string): Promise<AuditRow | null> {
  if (!ENTRY_ID.test(id)) return null;
  try {
    return await getAuditEntry(tx, id);
  } catch (e) {
    // Another tenant's id looks exactly like a missing one.
    if (e instanceof WardenError && e.type === "not_found") return null;
    throw e;
  }
}
