// /governance/customers - customers with their budgets, rate limits, keys and usage.
import type { Metadata } from "next";
import { CustomersConsole } from "@/components/governance/customers-console";
import { refusedView } from "@/components/ui/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { CUSTOMER_LIST, customerRows } from "@/lib/governance/read-models";
import { parseListQuery } from "@/lib/governance/list-query";
import { page } from "@/lib/http/page";
import { ownerDetailsAction } from "../actions";

export const metadata: Metadata = { title: "Customers" };
export const dynamic = "force-dynamic";

const header = (
  <PageHeader
    title="Customers"
    description="The top of the hierarchy: a customer's budgets cap every team, user and key under it."
  />
);

export default page(
  {
    permission: "customers.read",
    refused: refusedView(header, "customers.read"),
  },
  async ({ tx, searchParams }) => {
    const query = parseListQuery(searchParams, CUSTOMER_LIST.sortable, CUSTOMER_LIST.defaults);
    const list = await customerRows(tx, query);
    return (
      <>
        {header}
        <CustomersConsole
          list={{ ...list, query, sortable: CUSTOMER_LIST.sortable }}
          reads={{ details: ownerDetailsAction }}
        />
      </>
    );
  },
);
