// /governance/users - users with role, teams, keys, budgets and usage.
import type { Metadata } from "next";
import { UsersConsole } from "@/components/governance/users-console";
import { NoAccess } from "@/components/shell/placeholder-page";
import { PageHeader } from "@/components/ui/page-header";
import { ownerOptions, userRows } from "@/lib/governance/console";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { pageActor } from "../access";
import { createUserAction, ownerDetailsAction, setLimitsAction, updateUserAction } from "../actions";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const { actor, allowed } = await pageActor("users.read");
  const header = <PageHeader title="Users" description="People who call the gateway with their own keys; a user's budgets cap all of its keys." />;
  if (!allowed) return <>{header}<NoAccess permission="users.read" /></>;
  const { rows, options } = await withTenant(actor, async (tx) => ({ rows: await userRows(tx, actor), options: await ownerOptions(tx, actor) }));
  return <>{header}<UsersConsole rows={rows} options={{ teams: options.teams }} actions={{ create: createUserAction, update: updateUserAction, setLimits: setLimitsAction, details: ownerDetailsAction }} /></>;
}
