// /reports - the report builder (type, range, filters, live preview, format, progress) and the
// history of generated reports with "download again", paged on the server (`?page=`).
import type { Metadata } from "next";
import { ReportsWorkspace, type FilterOptions } from "@/components/reports/reports-workspace";
import { refusedView } from "@/components/ui/no-access";
import { ReportSchedules } from "@/components/reports/report-schedules";
import { PageHeader } from "@/components/ui/page-header";
import { AUDIT_ACTIONS } from "@/lib/audit/taxonomy";
import { parseListQuery } from "@/lib/governance/list-query";
import { page } from "@/lib/http/page";
import { listSchedules } from "@/lib/reports/schedules";
import { reportHistory } from "@/lib/reports/service";
import { reportTypesFor } from "@/lib/reports/spec";

export const metadata: Metadata = { title: "Reports" };
export const dynamic = "force-dynamic";

const DESCRIPTION = "Access, usage, data, compliance and security reports for audits and reviews, as PDF, CSV or JSON.";

const refused = refusedView(<PageHeader title="Reports" description={DESCRIPTION} />, "reports.read", {
  to: "reports",
  testId: "reports-no-access",
});

export default page({ permission: "reports.read", refused }, async ({ actor, tx, searchParams }) => {
  // Only the page is read: the history has one order, newest first.
  const { page: pageNo } = parseListQuery(searchParams, ["created_at"], { sort: "created_at", dir: "desc" });
  const scopeTeams = actor.scope?.teams;
  const [users, teams, customers, statuses, history] = [
    await tx.user.findMany({ select: { id: true, name: true, email: true }, orderBy: { name: "asc" } }),
    await tx.team.findMany({
      where: scopeTeams ? { id: { in: scopeTeams } } : {},
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    }),
    await tx.customer.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    await tx.$queryRaw<{ status: string }[]>`SELECT DISTINCT status FROM usage_records ORDER BY status`,
    await reportHistory(tx, actor, { page: pageNo }),
  ];
  const schedules = (await listSchedules(tx)).data;
  const options: FilterOptions = {
    users: users.map((u) => ({ value: u.id, label: u.name || u.email, hint: u.email })),
    teams: teams.map((t) => ({ value: t.id, label: t.name })),
    customers: customers.map((c) => ({ value: c.id, label: c.name })),
    eventTypes: [
      ...["privacy.*", "consent.*", "auth.*", "role.*", "report.*"].map((a) => ({
        value: a,
        label: a,
        hint: "prefix",
      })),
      ...Object.keys(AUDIT_ACTIONS)
        .sort()
        .map((a) => ({ value: a, label: a })),
    ],
    usageStatuses: statuses.map((s) => ({ value: s.status, label: s.status })),
  };
  return (
    <>
      <PageHeader title="Reports" description={DESCRIPTION} />
      <ReportsWorkspace options={options} history={history} types={reportTypesFor(actor.permissions)} />
      <ReportSchedules schedules={schedules} types={reportTypesFor(actor.permissions)} />
    </>
  );
});
