// /governance/teams - teams with their customer, members, budgets, keys and usage.
import type { Metadata } from "next";
import { TeamsConsole } from "@/components/governance/teams-console";
import { refusedView } from "@/components/ui/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { TEAM_LIST, teamRows } from "@/lib/governance/read-models";
import { parseListQuery } from "@/lib/governance/list-query";
import { page } from "@/lib/http/page";
import { ownerDetailsAction, searchOwnersAction } from "../actions";

export const metadata: Metadata = { title: "Teams" };
export const dynamic = "force-dynamic";

const header = (
  <PageHeader
    title="Teams"
    description="Teams sit under a customer; their budgets cap what members and team keys spend."
  />
);

export default page(
  {
    permission: "teams.read",
    refused: refusedView(header, "teams.read"),
  },
  async ({ actor, tx, searchParams }) => {
    const query = parseListQuery(searchParams, TEAM_LIST.sortable, TEAM_LIST.defaults);
    const list = await teamRows(tx, actor, query);
    return (
      <>
        {header}
        <TeamsConsole
          list={{ ...list, query, sortable: TEAM_LIST.sortable }}
          reads={{ details: ownerDetailsAction, searchOwners: searchOwnersAction }}
        />
      </>
    );
  },
);
