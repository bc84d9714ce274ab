// /governance/users - users with role, teams, keys, budgets, rate limits, allow-lists and usage.
import type { Metadata } from "next";
import { UsersConsole } from "@/components/governance/users-console";
import { refusedView } from "@/components/ui/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { USER_LIST, userRows } from "@/lib/governance/read-models";
import { parseListQuery } from "@/lib/governance/list-query";
import { providerOptions } from "@/lib/governance/owner-search";
import { page } from "@/lib/http/page";
import { ownerDetailsAction, searchOwnersAction } from "../actions";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

const header = (
  <PageHeader
    title="Users"
    description="People who call the gateway with their own keys; a user's budgets, rate limits and allow-lists cap all of its keys."
  />
);

export default page(
  {
    permission: "users.read",
    refused: refusedView(header, "users.read"),
  },
  async ({ actor, tx, searchParams }) => {
    const query = parseListQuery(searchParams, USER_LIST.sortable, USER_LIST.defaults);
    const [list, providers] = [await userRows(tx, actor, query), await providerOptions(tx)];
    return (
      <>
        {header}
        <UsersConsole
          list={{ ...list, query, sortable: USER_LIST.sortable }}
          providers={providers}
          reads={{ details: ownerDetailsAction, searchOwners: searchOwnersAction }}
        />
      </>
    );
  },
);
