// /governance/teams - teams with their customer, members, budgets, keys and usage.
import type { Metadata } from "next";
import { TeamsConsole } from "@/components/governance/teams-console";
import { NoAccess } from "@/components/shell/placeholder-page";
import { PageHeader } from "@/components/ui/page-header";
import { ownerOptions, teamRows } from "@/lib/governance/console";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { pageActor } from "../access";
import { createTeamAction, ownerDetailsAction, updateTeamAction } from "../actions";

export const metadata: Metadata = { title: "Teams" };
export const dynamic = "force-dynamic";

export default async function TeamsPage() {
  const { actor, allowed } = await pageActor("teams.read");
  const header = <PageHeader title="Teams" description="Teams sit under a customer; their budgets cap what members and team keys spend." />;
  if (!allowed) return <>{header}<NoAccess permission="teams.read" /></>;
  const { rows, options } = await withTenant(actor, async (tx) => ({ rows: await teamRows(tx, actor), options: await ownerOptions(tx, actor) }));
  return <>{header}<TeamsConsole rows={rows} options={{ customers: options.customers }} actions={{ create: createTeamAction, update: updateTeamAction, details: ownerDetailsAction }} /></>;
}
