// The console navigation as data: the sidebar renders it, and each item names the permission
// that its page needs so the nav can show unusable items as disabled with the reason.
import type { Permission } from "@/lib/rbac/permissions";
import type { IconName } from "@/components/ui/icons";

export interface NavItem {
  label: string;
  href: string;
  icon: IconName;
  /** null: any signed-in actor may open it. */
  permission: Permission | null;
}

export interface NavGroup {
  /** Visible heading; null for the ungrouped top section. */
  label: string | null;
  items: NavItem[];
}

export const NAV: NavGroup[] = [
  {
    label: null,
    items: [
      { label: "Dashboard", href: "/", icon: "dashboard", permission: "dashboards.read" },
      { label: "Audit", href: "/audit", icon: "audit", permission: "audit.read" },
      { label: "Reports", href: "/reports", icon: "reports", permission: "reports.read" },
      { label: "Monitoring", href: "/monitoring", icon: "monitoring", permission: "monitoring.read" },
      { label: "Privacy", href: "/privacy", icon: "lock", permission: "privacy.read" },
    ],
  },
  {
    label: "Governance",
    items: [
      { label: "Overview", href: "/governance", icon: "governance", permission: "governance.read" },
      { label: "Customers", href: "/governance/customers", icon: "building", permission: "customers.read" },
      { label: "Teams", href: "/governance/teams", icon: "users", permission: "teams.read" },
      { label: "Users", href: "/governance/users", icon: "identity", permission: "users.read" },
      { label: "Virtual keys", href: "/governance/virtual-keys", icon: "key", permission: "virtual_keys.read" },
      { label: "Providers", href: "/governance/providers", icon: "server", permission: "governance.read" },
      { label: "Budgets & limits", href: "/governance/budgets", icon: "coins", permission: "governance.read" },
    ],
  },
  {
    label: "Settings",
    items: [
      { label: "Identity", href: "/settings/identity", icon: "identity", permission: "identity.read" },
      { label: "SCIM", href: "/settings/scim", icon: "scim", permission: "scim.read" },
      { label: "Audit streaming", href: "/settings/audit-streaming", icon: "stream", permission: "audit.read" },
      { label: "Roles & permissions", href: "/settings/roles", icon: "roles", permission: "roles.read" },
      { label: "API keys", href: "/settings/api-keys", icon: "key", permission: "api_keys.read" },
      { label: "Network rules", href: "/settings/network", icon: "globe", permission: "network.manage" },
      { label: "Support access", href: "/settings/support-access", icon: "roles", permission: "support.manage" },
      { label: "Break-glass", href: "/settings/break-glass", icon: "lock", permission: "break_glass.manage" },
      { label: "Sessions", href: "/settings/sessions", icon: "lock", permission: null },
      { label: "API reference", href: "/settings/api", icon: "code", permission: null },
      { label: "Access debug", href: "/settings/access-debug", icon: "debug", permission: null },
    ],
  },
];

/** Section roots that list their sub-pages beside them match only themselves. */
const EXACT = new Set(["/", "/governance"]);

/** "/" matches only itself; other items also match their sub-pages (e.g. /audit/123). */
export function isActive(href: string, pathname: string): boolean {
  if (EXACT.has(href)) return pathname === href;
  return pathname === href || pathname.startsWith(`${href}/`);
}
