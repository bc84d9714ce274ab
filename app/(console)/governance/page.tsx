// /governance - customers, teams, users, virtual keys, providers and limits, with 30-day cost.
import type { Metadata } from "next";
import Link from "next/link";
import { CostChart } from "@/components/governance/cost-chart";
import { DataTable } from "@/components/governance/data-table";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getConsoleContext } from "@/lib/auth/console";
import { dailyCost, TAB_LABEL, tabData, TABS, type Tab } from "@/lib/governance/overview";
import { withTenant } from "@/lib/tenancy/with-tenant";

export const metadata: Metadata = { title: "Governance" };
export const dynamic = "force-dynamic";

export default async function GovernancePage({ searchParams }: { searchParams: Promise<{ tab?: string }> }) {
  const ctx = await getConsoleContext();
  const header = <PageHeader title="Governance" description="Who may call which models, and at what cost." />;
  if (!ctx || !ctx.actor.permissions.includes("governance.read")) {
    return (
      <>
        {header}
        <p className="text-sm text-muted">You need the governance.read permission to see this page.</p>
      </>
    );
  }
  const requested = (await searchParams).tab;
  const tab: Tab = (TABS as readonly string[]).includes(requested ?? "") ? (requested as Tab) : "customers";
  const { table, series } = await withTenant(ctx.actor.tenantId, async (tx) => ({ table: await tabData(tx, tab), series: await dailyCost(tx) }));
  return (
    <>
      {header}
      <Card className="mb-6 p-4">
        <h2 className="mb-2 text-sm font-medium text-fg">Gateway cost, last 30 days</h2>
        <CostChart data={series} />
      </Card>
      <nav aria-label="Governance sections" className="mb-3 flex flex-wrap gap-1">
        {TABS.map((t) => (
          <Link key={t} href={`/governance?tab=${t}`} aria-current={t === tab ? "page" : undefined}
            className={`rounded-md px-3 py-1.5 text-sm ${t === tab ? "bg-accent-soft text-accent-text" : "text-muted hover:text-fg"}`}>
            {TAB_LABEL[t]}
          </Link>
        ))}
      </nav>
      <Card>
        <DataTable columns={table.columns} rows={table.rows} empty={`No ${TAB_LABEL[tab].toLowerCase()} yet.`} />
      </Card>
    </>
  );
}
