// /governance/budgets - budgets (current spend, reset rule) and rate limits of every owner, paged.
import type { Metadata } from "next";
import { BudgetsConsole } from "@/components/governance/budgets-console";
import { refusedView } from "@/components/ui/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { BUDGET_LIST, budgetRows, RATE_LIMIT_LIST, rateLimitRows } from "@/lib/governance/read-models";
import { parseListQuery } from "@/lib/governance/list-query";
import { page } from "@/lib/http/page";
import { searchOwnersAction } from "../actions";

export const metadata: Metadata = { title: "Budgets & limits" };
export const dynamic = "force-dynamic";

const header = (
  <PageHeader
    title="Budgets & limits"
    description="Spend caps in USD and request/token rate limits, at every level of the hierarchy."
  />
);

export default page(
  {
    permission: "governance.read",
    refused: refusedView(header, "governance.read"),
  },
  async ({ tx, searchParams: sp }) => {
    // Two lists on one page: the rate limits' parameters carry an "r" in front (rq, rsort, rdir, rpage).
    const bq = parseListQuery(sp, BUDGET_LIST.sortable, BUDGET_LIST.defaults);
    const rq = parseListQuery(sp, RATE_LIMIT_LIST.sortable, RATE_LIMIT_LIST.defaults, "r");
    const [budgets, rates] = [await budgetRows(tx, bq), await rateLimitRows(tx, rq)];
    return (
      <>
        {header}
        <BudgetsConsole
          budgets={{ ...budgets, query: bq, sortable: BUDGET_LIST.sortable }}
          rateLimits={{ ...rates, query: rq, sortable: RATE_LIMIT_LIST.sortable }}
          reads={{ searchOwners: searchOwnersAction }}
        />
      </>
    );
  },
);
