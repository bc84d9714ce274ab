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
      { label: "Governance", href: "/governance", icon: "governance", permission: "governance.read" },
      { label: "Monitoring", href: "/monitoring", icon: "monitoring", permission: "monitoring.read" },
      { label: "Privacy", href: "/privacy", icon: "lock", permission: "privacy.read" },
    ],
  },
  {
    label: "Settings",
    items: [
      { label: "Identity", href: "/settings/identity", icon: "identity", permission: "identity.read" },
      { label: "SCIM", href: "/settings/scim", icon: "scim", permission: "scim.read" },
      { label: "Roles & permissions", href: "/settings/roles", icon: "roles", permission: "roles.read" },
      { label: "API keys", href: "/settings/api-keys", icon: "key", permission: "api_keys.read" },
      { label: "Access debug", href: "/settings/access-debug", icon: "debug", permission: null },
    ],
  },
];

/** "/" matches only itself; other items also match their sub-pages (e.g. /audit/123). */
export function isActive(href: string, pathname: string): boolean {
  if (href === "/") return pathname === "/";
  return pathname === href || pathname.startsWith(`${href}/`);
}
