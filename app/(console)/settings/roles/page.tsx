// /settings/roles - built-in roles (read-only), custom roles with a permission grid, assignments.
import type { Metadata } from "next";
import { toPublicActor } from "@/lib/auth/actor";
import { page } from "@/lib/http/page";
import { loadRolesPage } from "@/lib/users/roles-page";
import { BuiltInRoles } from "@/components/rbac/built-in-roles";
import { CustomRolesPanel } from "@/components/rbac/custom-roles-panel";
import { UserRoleAssignments } from "@/components/rbac/user-role-assignments";
import { refusedView } from "@/components/ui/no-access";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Roles & permissions" };

const header = (
  <PageHeader
    title="Roles & permissions"
    description="What each role in this tenant is allowed to do. Nobody can grant more than they hold; attempts are audited."
  />
);

const refused = refusedView(header, "roles.read");

// The loader reads in its own tenant transaction.
export default page({ permission: "roles.read", tenantTx: false, refused }, async ({ actor }) => {
  const { roles, teams, users } = await loadRolesPage(toPublicActor(actor));
  return (
    <>
      {header}
      <div className="space-y-10">
        <BuiltInRoles />
        <CustomRolesPanel roles={roles} teams={teams} />
        {users && <UserRoleAssignments users={users} roles={roles} />}
      </div>
    </>
  );
});
