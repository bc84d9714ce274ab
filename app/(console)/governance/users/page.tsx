// /governance/users - users with role, teams, keys, budgets and usage.
import type { Metadata } from "next";
import { UsersConsole } from "@/components/governance/users-console";
import { NoAccess } from "@/components/shell/placeholder-page";
import { PageHeader } from "@/components/ui/page-header";
import { USER_LIST, userRows } from "@/lib/governance/console";
import { parseListQuery } from "@/lib/governance/list-query";
import { page } from "@/lib/http/page";
import { createUserAction, ownerDetailsAction, searchOwnersAction, setLimitsAction, updateUserAction } from "../actions";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

const header = <PageHeader title="Users" description="People who call the gateway with their own keys; a user's budgets cap all of its keys." />;

export default page({ permission: "users.read", refused: () => <>{header}<NoAccess permission="users.read" /></> }, async ({ actor, tx, searchParams }) => {
  const query = parseListQuery(searchParams, USER_LIST.sortable, USER_LIST.defaults);
  const list = await userRows(tx, actor, query);
  return <>{header}<UsersConsole list={{ ...list, query, sortable: USER_LIST.sortable }} actions={{ create: createUserAction, update: updateUserAction, setLimits: setLimitsAction, details: ownerDetailsAction, searchOwners: searchOwnersAction }} /></>;
});
