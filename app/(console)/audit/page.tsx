// /audit - the tenant's tamper-evident audit trail: chain status, filters, entries, details.
import type { Metadata } from "next";
import { AuditExplorer } from "@/components/audit/audit-explorer";
import { ExportMenu } from "@/components/audit/export-menu";
import { refusedView } from "@/components/ui/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { page } from "@/lib/http/page";
import { loadAuditPage } from "./load";
import { exportHref, parseAuditSearch } from "./search-state";

export const metadata: Metadata = { title: "Audit" };

const DESCRIPTION = "Every change and sign-in in this tenant, in order, with proof that nothing was altered.";

const refused = refusedView(<PageHeader title="Audit" description={DESCRIPTION} />, "audit.read", {
  to: "the audit trail",
  testId: "audit-no-access",
});

// The loader reads in its own tenant transaction (loadAuditPage is shared with its tests).
export default page({ permission: "audit.read", tenantTx: false, refused }, async ({ actor, searchParams }) => {
  const state = parseAuditSearch(searchParams);
  const data = await loadAuditPage(actor.tenantId, state);
  const exportLinks = {
    csv: exportHref(state, "csv"),
    json: exportHref(state, "json"),
    jsonl: exportHref(state, "jsonl"),
  };

  return (
    <>
      <PageHeader title="Audit" description={DESCRIPTION} actions={<ExportMenu hrefs={exportLinks} />} />
      <AuditExplorer {...data} />
    </>
  );
});
