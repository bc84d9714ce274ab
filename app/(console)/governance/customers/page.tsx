// /governance/customers - customers with their budgets, rate limits, keys and usage.
import type { Metadata } from "next";
import { CustomersConsole } from "@/components/governance/customers-console";
import { NoAccess } from "@/components/shell/placeholder-page";
import { PageHeader } from "@/components/ui/page-header";
import { CUSTOMER_LIST, customerRows } from "@/lib/governance/console";
import { parseListQuery, type SearchParams } from "@/lib/governance/list-query";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { pageActor } from "../access";
import { createCustomerAction, ownerDetailsAction, updateCustomerAction } from "../actions";

export const metadata: Metadata = { title: "Customers" };
export const dynamic = "force-dynamic";

export default async function CustomersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { actor, allowed } = await pageActor("customers.read");
  const header = <PageHeader title="Customers" description="The top of the hierarchy: a customer's budgets cap every team, user and key under it." />;
  if (!allowed) return <>{header}<NoAccess permission="customers.read" /></>;
  const query = parseListQuery(await searchParams, CUSTOMER_LIST.sortable, CUSTOMER_LIST.defaults);
  const list = await withTenant(actor, (tx) => customerRows(tx, query));
  return <>{header}<CustomersConsole list={{ ...list, query, sortable: CUSTOMER_LIST.sortable }} actions={{ create: createCustomerAction, update: updateCustomerAction, details: ownerDetailsAction }} /></>;
}
