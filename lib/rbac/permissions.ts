// The one permission vocabulary and the built-in roles. Server checks, route declarations,
// API-key scopes and the UI's useCan/<Can> all read this file; nothing else lists permissions.
// Pure data: safe to import from client components.

export const PERMISSIONS = [
  "dashboards.read",
  "audit.read",
  "audit.export",
  "audit.verify",
  "audit.manage",
  "reports.read",
  "reports.create",
  "governance.read",
  "governance.write",
  "users.read",
  "users.write",
  "teams.read",
  "teams.write",
  "customers.read",
  "customers.write",
  "virtual_keys.read",
  "virtual_keys.write",
  "api_keys.read",
  "api_keys.write",
  "roles.read",
  "roles.write",
  "identity.read",
  "identity.write",
  "scim.read",
  "scim.write",
  "monitoring.read",
  "monitoring.write",
  "usage.read",
  "request_logs.read",
  // Spend through the gateway (POST /v1/chat/completions) as oneself; virtual keys do not need it.
  "gateway.use",
  "settings.read",
  "settings.write",
  "privacy.read",
  "privacy.write",
  // The tenant's network rules: IP allow-lists per credential kind (ADR 0036).
  "network.manage",
  // Granting platform operators time-boxed support access to the tenant (ADR 0037).
  "support.manage",
  // Turning break-glass sign-in on or off, and holding a break-glass code (ADR 0039).
  "break_glass.manage",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const BUILT_IN_ROLES = ["admin", "developer", "viewer"] as const;
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

/** Higher rank wins when an IdP sends several roles. */
export const ROLE_RANK: Record<BuiltInRole, number> = { viewer: 1, developer: 2, admin: 3 };

export const ROLE_LABEL: Record<BuiltInRole, string> = {
  admin: "Admin",
  developer: "Developer",
  viewer: "Viewer",
};

const VIEWER: readonly Permission[] = ["dashboards.read", "reports.read"];

const DEVELOPER: readonly Permission[] = [
  ...VIEWER,
  "usage.read",
  "request_logs.read",
  "virtual_keys.read",
  "virtual_keys.write",
  "api_keys.read",
  "api_keys.write",
  "governance.read",
  "teams.read",
  "customers.read",
  "monitoring.read",
  "gateway.use",
];

export const ROLE_PERMISSIONS: Record<BuiltInRole, ReadonlySet<Permission>> = {
  admin: new Set(PERMISSIONS),
  developer: new Set(DEVELOPER),
  viewer: new Set(VIEWER),
};

/** Display order and names for the permission grid (resources x actions) in the console. */
export const RESOURCE_LABEL: Record<string, string> = {
  dashboards: "Dashboards",
  audit: "Audit trail",
  reports: "Reports",
  governance: "Governance",
  users: "Users",
  teams: "Teams",
  customers: "Customers",
  virtual_keys: "Virtual keys",
  api_keys: "API keys",
  roles: "Roles",
  identity: "Identity providers",
  scim: "SCIM",
  monitoring: "Monitoring",
  usage: "Usage",
  request_logs: "Request logs",
  gateway: "Gateway",
  settings: "Settings",
  privacy: "Privacy",
  network: "Network rules",
  support: "Support access",
  break_glass: "Break-glass sign-in",
};

export const ACTIONS = ["read", "write", "create", "export", "verify", "manage", "use"] as const;

/** Resources in vocabulary order, each with the actions that exist for it. */
export const PERMISSION_GRID: {
  resource: string;
  label: string;
  actions: Partial<Record<(typeof ACTIONS)[number], Permission>>;
}[] = Object.keys(RESOURCE_LABEL).map((resource) => ({
  resource,
  label: RESOURCE_LABEL[resource],
  actions: Object.fromEntries(
    PERMISSIONS.filter((p) => p.startsWith(`${resource}.`)).map((p) => [p.slice(resource.length + 1), p]),
  ),
}));

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

export function isBuiltInRole(value: string): value is BuiltInRole {
  return (BUILT_IN_ROLES as readonly string[]).includes(value);
}
