// /reports - the report builder (type, range, filters, live preview, format, progress) and the
// history of generated reports with "download again", paged on the server (`?page=`).
import type { Metadata } from "next";
import { holds, auditViewer } from "@/app/(console)/audit/access";
import { ReportsWorkspace, type FilterOptions } from "@/components/reports/reports-workspace";
import { NoAccess } from "@/components/reports/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { AUDIT_ACTIONS } from "@/lib/audit/taxonomy";
import { parseListQuery, type SearchParams } from "@/lib/governance/list-query";
import { reportHistory } from "@/lib/reports/service";
import { reportTypesFor } from "@/lib/reports/spec";
import { withTenant } from "@/lib/tenancy/with-tenant";

export const metadata: Metadata = { title: "Reports" };
export const dynamic = "force-dynamic";

const DESCRIPTION = "Access, usage, data, compliance and security reports for audits and reviews, as PDF, CSV or JSON.";

export default async function ReportsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await auditViewer();
  if (!actor || !holds(actor, "reports.read")) {
    return (
      <>
        <PageHeader title="Reports" description={DESCRIPTION} />
        <NoAccess permission="reports.read" />
      </>
    );
  }
  // Only the page is read: the history has one order, newest first.
  const { page } = parseListQuery(await searchParams, ["created_at"], { sort: "created_at", dir: "desc" });
  const { history, options } = await withTenant(actor, async (tx) => {
    const scopeTeams = actor.scope?.teams;
    const [users, teams, customers, statuses, history] = [
      await tx.user.findMany({ select: { id: true, name: true, email: true }, orderBy: { name: "asc" } }),
      await tx.team.findMany({ where: scopeTeams ? { id: { in: scopeTeams } } : {}, select: { id: true, name: true }, orderBy: { name: "asc" } }),
      await tx.customer.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
      await tx.$queryRaw<{ status: string }[]>`SELECT DISTINCT status FROM usage_records ORDER BY status`,
      await reportHistory(tx, actor, { page }),
    ];
    const options: FilterOptions = {
      users: users.map((u) => ({ value: u.id, label: u.name || u.email, hint: u.email })),
      teams: teams.map((t) => ({ value: t.id, label: t.name })),
      customers: customers.map((c) => ({ value: c.id, label: c.name })),
      eventTypes: [
        ...["privacy.*", "consent.*", "auth.*", "role.*", "report.*"].map((a) => ({ value: a, label: a, hint: "prefix" })),
        ...Object.keys(AUDIT_ACTIONS).sort().map((a) => ({ value: a, label: a })),
      ],
      usageStatuses: statuses.map((s) => ({ value: s.status, label: s.status })),
    };
    return { history, options };
  });
  return (
    <>
      <PageHeader title="Reports" description={DESCRIPTION} />
      <ReportsWorkspace options={options} history={history} canCreate={holds(actor, "reports.create")} types={reportTypesFor(actor.permissions)} />
    </>
  );
}
