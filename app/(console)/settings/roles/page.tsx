// /settings/roles - built-in and custom roles (placeholder).
import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/shell/placeholder-page";

export const metadata: Metadata = { title: "Roles & permissions" };

export default function RolesPage() {
  return (
    <PlaceholderPage
      title="Roles & permissions"
      description="What each role in this tenant is allowed to do."
      icon="roles"
      feature="Role management"
      permission="roles.read"
    >
      <p>
        This page will show the permissions of the built-in roles (Admin, Developer, Viewer) and let admins build
        custom roles, optionally limited to particular teams, and assign them to users.
      </p>
      <p>Nobody will be able to grant a role more power than they hold themselves; attempts will be audited.</p>
    </PlaceholderPage>
  );
}
