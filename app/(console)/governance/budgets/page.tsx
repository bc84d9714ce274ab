// /governance/budgets - every budget (current spend, reset rule) and rate limit, per owner.
import type { Metadata } from "next";
import { BudgetsConsole } from "@/components/governance/budgets-console";
import { NoAccess } from "@/components/shell/placeholder-page";
import { PageHeader } from "@/components/ui/page-header";
import { limitRows, ownerOptions } from "@/lib/governance/console";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { pageActor } from "../access";
import { ownerDetailsAction, setLimitsAction } from "../actions";

export const metadata: Metadata = { title: "Budgets & limits" };
export const dynamic = "force-dynamic";

export default async function BudgetsPage() {
  const { actor, allowed } = await pageActor("governance.read");
  const header = <PageHeader title="Budgets & limits" description="Spend caps in USD and request/token rate limits, at every level of the hierarchy." />;
  if (!allowed) return <>{header}<NoAccess permission="governance.read" /></>;
  const { rows, options } = await withTenant(actor, async (tx) => ({ rows: await limitRows(tx), options: await ownerOptions(tx, actor) }));
  return <>{header}<BudgetsConsole rows={rows} options={options} actions={{ setLimits: setLimitsAction, details: ownerDetailsAction }} /></>;
}
