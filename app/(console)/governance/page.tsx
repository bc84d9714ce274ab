// /governance - overview: 30-day gateway cost and how many of each governed thing exist.
import type { Metadata } from "next";
import Link from "next/link";
import { CostChart } from "@/components/governance/cost-chart";
import { refusedView } from "@/components/ui/no-access";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { dailyCost, overviewCounts } from "@/lib/governance/overview";
import { page } from "@/lib/http/page";

export const metadata: Metadata = { title: "Governance" };
export const dynamic = "force-dynamic";

const TILES = [
  ["customers", "Customers", "/governance/customers"],
  ["teams", "Teams", "/governance/teams"],
  ["users", "Active users", "/governance/users"],
  ["keys", "Live virtual keys", "/governance/virtual-keys"],
  ["providers", "Providers", "/governance/providers"],
  ["limits", "Budgets & rate limits", "/governance/budgets"],
] as const;

const header = (
  <PageHeader
    title="Governance"
    description="Who may call which models, and at what cost: Customer → Team → User → Virtual key."
  />
);

export default page(
  {
    permission: "governance.read",
    refused: refusedView(header, "governance.read"),
  },
  async ({ tx }) => {
    const [counts, series] = [await overviewCounts(tx), await dailyCost(tx)];
    const total = series.reduce((a, d) => a + d.cost, 0);
    return (
      <>
        {header}
        <ul className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
          {TILES.map(([k, label, href]) => (
            <li key={k}>
              <Link
                href={href}
                className="block rounded-lg border border-border bg-surface p-3 shadow-xs hover:border-border-strong"
              >
                <div className="text-xs text-muted">{label}</div>
                <div className="mt-1 text-xl font-semibold tabular-nums text-fg">
                  {counts[k].toLocaleString("en-US")}
                </div>
              </Link>
            </li>
          ))}
        </ul>
        <Card className="p-4">
          <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
            <h2 className="text-sm font-medium text-fg">Gateway cost, last 30 days</h2>
            <span className="text-sm tabular-nums text-muted">${total.toFixed(2)} total</span>
          </div>
          <CostChart data={series} />
        </Card>
      </>
    );
  },
);
