// /governance/customers - customers with their budgets, rate limits, keys and usage.
import type { Metadata } from "next";
import { CustomersConsole } from "@/components/governance/customers-console";
import { NoAccess } from "@/components/shell/placeholder-page";
import { PageHeader } from "@/components/ui/page-header";
import { customerRows } from "@/lib/governance/console";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { pageActor } from "../access";
import { createCustomerAction, ownerDetailsAction, updateCustomerAction } from "../actions";

export const metadata: Metadata = { title: "Customers" };
export const dynamic = "force-dynamic";

export default async function CustomersPage() {
  const { actor, allowed } = await pageActor("customers.read");
  const header = <PageHeader title="Customers" description="The top of the hierarchy: a customer's budgets cap every team, user and key under it." />;
  if (!allowed) return <>{header}<NoAccess permission="customers.read" /></>;
  const rows = await withTenant(actor, (tx) => customerRows(tx));
  return <>{header}<CustomersConsole rows={rows} actions={{ create: createCustomerAction, update: updateCustomerAction, details: ownerDetailsAction }} /></>;
}
