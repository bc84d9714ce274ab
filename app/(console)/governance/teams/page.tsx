// /governance/teams - teams with their customer, members, budgets, keys and usage.
import type { Metadata } from "next";
import { TeamsConsole } from "@/components/governance/teams-console";
import { NoAccess } from "@/components/shell/placeholder-page";
import { PageHeader } from "@/components/ui/page-header";
import { TEAM_LIST, teamRows } from "@/lib/governance/console";
import { parseListQuery, type SearchParams } from "@/lib/governance/list-query";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { pageActor } from "../access";
import { createTeamAction, ownerDetailsAction, searchOwnersAction, updateTeamAction } from "../actions";

export const metadata: Metadata = { title: "Teams" };
export const dynamic = "force-dynamic";

export default async function TeamsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { actor, allowed } = await pageActor("teams.read");
  const header = <PageHeader title="Teams" description="Teams sit under a customer; their budgets cap what members and team keys spend." />;
  if (!allowed) return <>{header}<NoAccess permission="teams.read" /></>;
  const query = parseListQuery(await searchParams, TEAM_LIST.sortable, TEAM_LIST.defaults);
  const list = await withTenant(actor, (tx) => teamRows(tx, actor, query));
  return <>{header}<TeamsConsole list={{ ...list, query, sortable: TEAM_LIST.sortable }} actions={{ create: createTeamAction, update: updateTeamAction, details: ownerDetailsAction, searchOwners: searchOwnersAction }} /></>;
}
