// /governance/budgets - budgets (current spend, reset rule) and rate limits of every owner, paged.
import type { Metadata } from "next";
import { BudgetsConsole } from "@/components/governance/budgets-console";
import { NoAccess } from "@/components/shell/placeholder-page";
import { PageHeader } from "@/components/ui/page-header";
import { BUDGET_LIST, budgetRows, RATE_LIMIT_LIST, rateLimitRows } from "@/lib/governance/console";
import { parseListQuery, type SearchParams } from "@/lib/governance/list-query";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { pageActor } from "../access";
import { ownerDetailsAction, searchOwnersAction, setLimitsAction } from "../actions";

export const metadata: Metadata = { title: "Budgets & limits" };
export const dynamic = "force-dynamic";

export default async function BudgetsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { actor, allowed } = await pageActor("governance.read");
  const header = <PageHeader title="Budgets & limits" description="Spend caps in USD and request/token rate limits, at every level of the hierarchy." />;
  if (!allowed) return <>{header}<NoAccess permission="governance.read" /></>;
  const sp = await searchParams;
  // Two lists on one page: the rate limits' parameters carry an "r" in front (rq, rsort, rdir, rpage).
  const bq = parseListQuery(sp, BUDGET_LIST.sortable, BUDGET_LIST.defaults);
  const rq = parseListQuery(sp, RATE_LIMIT_LIST.sortable, RATE_LIMIT_LIST.defaults, "r");
  const { budgets, rates } = await withTenant(actor, async (tx) => ({ budgets: await budgetRows(tx, bq), rates: await rateLimitRows(tx, rq) }));
  return <>{header}<BudgetsConsole budgets={{ ...budgets, query: bq, sortable: BUDGET_LIST.sortable }} rateLimits={{ ...rates, query: rq, sortable: RATE_LIMIT_LIST.sortable }} actions={{ setLimits: setLimitsAction, details: ownerDetailsAction, searchOwners: searchOwnersAction }} /></>;
}
