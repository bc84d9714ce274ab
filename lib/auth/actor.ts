// The Actor: who is calling, in which tenant, with which permissions. Produced only by the
// auth resolver; everything downstream (authorize, withTenant, audit) takes it as input.
import type { Permission } from "@/lib/rbac/permissions";

/**
 * Resource limits on top of permissions (from a scoped custom role). Absent = unlimited.
 * teams: team-owned resources (teams, their members, later their keys) outside these ids
 * answer 404, exactly like ids that do not exist.
 */
export interface ResourceScope {
  teams?: string[];
}

export type AuthMethod =
  "session" | "api_key" | "oidc" | "saml" | "proxy" | "virtual_key" | "scim" | "system" | "support";

/** Support access (ADR 0037): a platform operator acting in a tenant under a tenant admin's grant. */
export interface SupportMarker {
  grantId: string;
  operatorId: string;
  role: "read_only" | "admin";
  expiresAt: string;
}

export interface Actor {
  /** "operator": a platform operator (ADR 0032), outside every tenant: tenantId is empty. */
  /** "support": a platform operator under a tenant's support grant (ADR 0037); subject is the grant id. */
  kind: "user" | "api_key" | "service" | "virtual_key" | "scim" | "system" | "operator" | "support";
  /** Stable subject: user id, key id, token id. Never a secret. */
  subject: string;
  userId?: string;
  tenantId: string;
  tenantSlug: string;
  /** Built-in role name or custom role id. */
  role: string;
  /** Display name of a custom role (permissionsFor() returns it as roleName). */
  roleName?: string;
  permissions: ReadonlySet<Permission>;
  authMethod: AuthMethod;
  mfa: boolean;
  requestId: string;
  traceId: string;
  displayName?: string;
  email?: string;
  scope?: ResourceScope;
  /** The token issuer, for OIDC bearer actors (shown as a suffix by /v1/auth/debug). */
  issuer?: string;
  /** The console session's record id (the cookie's sid), for session actors only. */
  sessionId?: string;
  /** Support access actors only: the grant and the operator behind it. */
  support?: SupportMarker;
  /** A break-glass console session (ADR 0039): when it ends. */
  breakGlass?: { endsAt: string };
}

/** A signed-in person as the resolver's methods load them: who, and what their role allows now. */
export interface PersonAccess {
  id: string;
  name: string;
  email: string;
  access: { role: string; roleName?: string; permissions: ReadonlySet<Permission>; scope?: ResourceScope };
}

/** The person's part of an Actor, the same for every method that resolves a person. */
export function personFields(
  p: PersonAccess,
): Pick<Actor, "userId" | "role" | "roleName" | "permissions" | "scope" | "displayName" | "email"> {
  return {
    userId: p.id,
    role: p.access.role,
    ...(p.access.roleName ? { roleName: p.access.roleName } : {}),
    permissions: p.access.permissions,
    ...(p.access.scope ? { scope: p.access.scope } : {}),
    displayName: p.name,
    email: p.email,
  };
}

/** The serialisable subset that the browser may see (for the top bar, useCan and the debug page). */
export interface PublicActor {
  subject: string;
  userId?: string;
  tenantId: string;
  tenantSlug: string;
  tenantName?: string;
  role: string;
  roleName?: string;
  permissions: Permission[];
  authMethod: AuthMethod;
  displayName?: string;
  email?: string;
  scope?: ResourceScope;
  support?: SupportMarker;
  /** A break-glass console session (ADR 0039): when it ends. */
  breakGlass?: { endsAt: string };
}

export function toPublicActor(actor: Actor, tenantName?: string): PublicActor {
  return {
    subject: actor.subject,
    userId: actor.userId,
    tenantId: actor.tenantId,
    tenantSlug: actor.tenantSlug,
    tenantName,
    role: actor.role,
    ...(actor.roleName ? { roleName: actor.roleName } : {}),
    permissions: [...actor.permissions].sort(),
    authMethod: actor.authMethod,
    displayName: actor.displayName,
    email: actor.email,
    ...(actor.scope ? { scope: actor.scope } : {}),
    ...(actor.support ? { support: actor.support } : {}),
    ...(actor.breakGlass ? { breakGlass: actor.breakGlass } : {}),
  };
}
