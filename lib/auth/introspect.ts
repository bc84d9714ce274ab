// "Who am I, by which method, in which tenant, with which permissions, and why a 403" for
// /v1/auth/me, /v1/auth/debug and the console's Access debug page. Never returns a secret.
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import type { RequestIds } from "@/lib/http/request-context";
import { permissionsForRole } from "@/lib/rbac/authorize";
import { isBuiltInRole, isPermission, PERMISSIONS, type Permission } from "@/lib/rbac/permissions";

type IntrospectActor = Pick<
  Actor,
  | "kind"
  | "subject"
  | "userId"
  | "tenantId"
  | "tenantSlug"
  | "role"
  | "roleName"
  | "scope"
  | "authMethod"
  | "displayName"
  | "email"
  | "issuer"
  | "mfa"
> & {
  permissions: ReadonlySet<Permission>;
};

const isRead = (p: Permission) => /\.read$/.test(p);

const AUTH_METHODS = [
  "session",
  "api_key",
  "oidc",
  "saml",
  "proxy",
  "virtual_key",
  "scim",
  "system",
  "support",
] as const;
const ACTOR_KINDS = ["user", "api_key", "service", "virtual_key", "scim", "system", "support"] as const;
const permission = z.enum(PERMISSIONS);

/** GET /v1/auth/me as sent. */
export const meView = z
  .object({
    actor: z.object({
      kind: z.enum(ACTOR_KINDS),
      subject: z.string(),
      user_id: z.string().nullable(),
      display_name: z.string().nullable(),
      email: z.string().nullable(),
      auth_method: z.enum(AUTH_METHODS),
      mfa: z.boolean().describe("Whether the sign-in or token showed a second factor"),
    }),
    tenant: z.object({ id: z.string(), slug: z.string(), name: z.string().nullable() }),
    role: z.string().describe("A built-in role (admin, developer, viewer) or a custom role's id"),
    role_name: z.string().nullable().describe("The custom role's name; null for a built-in role"),
    scope: z
      .object({ teams: z.array(z.string()).optional() })
      .nullable()
      .describe("Team scope of a scoped custom role; null = not limited to teams"),
    permissions: z.array(permission),
    can: z.object({ see: z.array(permission), do: z.array(permission) }),
    cannot: z.array(permission),
  })
  .meta({ id: "Me" });

/** GET /v1/auth/debug as sent. */
export const debugView = z
  .object({
    auth_method: z.enum(AUTH_METHODS),
    subject: z.string(),
    role: z.string(),
    tenant_id: z.string(),
    tenant_slug: z.string(),
    issuer_suffix: z.string().nullable().describe("The end of the token issuer, for a bearer token"),
    key_id_prefix: z.string().nullable().describe("The first characters of an API key's id, for key-backed callers"),
    mfa: z.boolean(),
    request_id: z.string(),
    trace_id: z.string(),
    span_id: z.string(),
    permission_count: z.number().int(),
    check: z
      .object({ permission: z.string(), granted: z.boolean(), reason: z.string() })
      .optional()
      .describe("Present when ?permission= was given"),
  })
  .meta({ id: "AuthDebug" });

export function describeMe(actor: IntrospectActor, tenantName?: string) {
  const granted = PERMISSIONS.filter((p) => actor.permissions.has(p));
  return {
    actor: {
      kind: actor.kind,
      subject: actor.subject,
      user_id: actor.userId ?? null,
      display_name: actor.displayName ?? null,
      email: actor.email ?? null,
      auth_method: actor.authMethod,
      mfa: actor.mfa,
    },
    tenant: { id: actor.tenantId, slug: actor.tenantSlug, name: tenantName ?? null },
    role: actor.role,
    role_name: actor.roleName ?? null,
    /** Team scope of a scoped custom role; null = not limited to teams. */
    scope: actor.scope ?? null,
    permissions: granted,
    can: { see: granted.filter(isRead), do: granted.filter((p) => !isRead(p)) },
    cannot: PERMISSIONS.filter((p) => !actor.permissions.has(p)),
  };
}

/** The last part of an issuer URL: enough to recognise it, not a full identifier. */
export function issuerSuffix(issuer?: string): string | null {
  if (!issuer) return null;
  return issuer.length <= 24 ? issuer : `…${issuer.slice(-24)}`;
}

export interface Explanation {
  permission: string;
  granted: boolean;
  reason: string;
}

/** Why a permission is or is not granted to this actor. */
export async function explainPermission(actor: IntrospectActor, permission: string): Promise<Explanation> {
  if (!isPermission(permission))
    return { permission, granted: false, reason: `${permission} is not a Warden permission` };
  // A custom role's set is the actor's own (it replaced the built-in role when the actor was resolved).
  const custom = !isBuiltInRole(actor.role);
  const rolePermissions = custom ? actor.permissions : await permissionsForRole(actor.role);
  const roleText = custom ? `custom role ${actor.roleName ?? actor.role}` : `role ${actor.role}`;
  if (actor.permissions.has(permission)) {
    const scoped = actor.permissions.size < rolePermissions.size;
    return {
      permission,
      granted: true,
      reason: `Granted by ${roleText}${scoped ? ", within this credential's scopes" : ""}`,
    };
  }
  const roleGrants = rolePermissions.has(permission);
  const Role = roleText[0].toUpperCase() + roleText.slice(1);
  const reason = roleGrants
    ? `${Role} includes ${permission}, but this credential's scopes narrow it away`
    : `${Role} does not include ${permission}; an admin can grant a role that does`;
  return { permission, granted: false, reason };
}

export async function debugInfo(
  actor: IntrospectActor,
  ids: Pick<RequestIds, "requestId" | "traceId" | "spanId">,
  permission?: string,
) {
  const keyBacked = actor.authMethod === "api_key" || actor.authMethod === "saml";
  return {
    auth_method: actor.authMethod,
    subject: actor.subject,
    role: actor.role,
    tenant_id: actor.tenantId,
    tenant_slug: actor.tenantSlug,
    issuer_suffix: issuerSuffix(actor.issuer),
    key_id_prefix: keyBacked ? actor.subject.slice(0, 12) : null,
    mfa: actor.mfa,
    request_id: ids.requestId,
    trace_id: ids.traceId,
    span_id: ids.spanId,
    permission_count: actor.permissions.size,
    ...(permission ? { check: await explainPermission(actor, permission) } : {}),
  };
}
