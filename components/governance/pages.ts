// The governance section's pages and the permission each needs to be read.
import type { Permission } from "@/lib/rbac/permissions";

export const GOVERNANCE_PAGES: { href: string; label: string; permission: Permission }[] = [
  { href: "/governance", label: "Overview", permission: "governance.read" },
  { href: "/governance/customers", label: "Customers", permission: "customers.read" },
  { href: "/governance/teams", label: "Teams", permission: "teams.read" },
  { href: "/governance/users", label: "Users", permission: "users.read" },
  { href: "/governance/virtual-keys", label: "Virtual keys", permission: "virtual_keys.read" },
  { href: "/governance/providers", label: "Providers", permission: "governance.read" },
  { href: "/governance/budgets", label: "Budgets & limits", permission: "governance.read" },
];
