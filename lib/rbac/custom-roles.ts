// Custom roles of a tenant: CRUD with the no-escalation rule and audit entries in the same
// transaction. Every function runs inside withTenant, so another tenant's role is not found.
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit, auditActor } from "@/lib/audit/append";
import { WardenError } from "@/lib/errors";
import { Prisma, type CustomRole } from "@/lib/generated/prisma/client";
import { pageArgs, pageOf, type Page } from "@/lib/paging";
import { addsAdminLevel, holdPower, type Held } from "@/lib/monitoring/power";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { assertNoEscalation, grantedIncrease } from "./escalation";
import { isPermission, PERMISSIONS, type Permission } from "./permissions";
import type { RoleCreate, RoleUpdate } from "./schemas";
import { parseScope } from "./scope";

/** A custom role as /v1 sends it. */
export const roleViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  permissions: z.array(z.enum(PERMISSIONS)).describe("What the role grants; it replaces its holders' built-in role"),
  resource_scope: z
    .object({ teams: z.array(z.string()) })
    .nullable()
    .describe("Teams the role is limited to; null = not limited"),
  user_count: z.number().int().describe("People who hold the role"),
  created_by: z.string().nullable(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type RoleView = z.infer<typeof roleViewSchema>;
export const roleDeletedSchema = z.object({
  id: z.string(),
  deleted: z.literal(true),
  unassigned_users: z.number().int().describe("People who held the role and fell back to their built-in role"),
});

const scopeView = (s: ReturnType<typeof parseScope>) => (s ? { teams: s.teams ?? [] } : null);

export function roleView(row: CustomRole & { _count: { users: number } }): RoleView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    permissions: row.permissions.filter(isPermission),
    resource_scope: scopeView(parseScope(row.resourceScope)),
    user_count: row._count.users,
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

const withCount = { _count: { select: { users: true } } } as const;

export async function listRoles(tx: TenantTx, page: Page) {
  const rows = await tx.customRole.findMany({ ...pageArgs(page), include: withCount });
  return pageOf(rows.map(roleView), page);
}

export async function getRoleOrThrow(tx: TenantTx, id: string): Promise<CustomRole & { _count: { users: number } }> {
  const row = await tx.customRole.findUnique({ where: { id }, include: withCount });
  if (!row) throw new WardenError("not_found", "No such role");
  return row;
}

async function assertNameFree(tx: TenantTx, name: string, exceptId?: string) {
  const clash = await tx.customRole.findFirst({
    where: { name: { equals: name, mode: "insensitive" }, ...(exceptId ? { NOT: { id: exceptId } } : {}) },
  });
  if (clash) throw new WardenError("conflict", `A role named "${name}" already exists`);
}

export async function createRole(
  tx: TenantTx,
  actor: Actor,
  input: RoleCreate,
  approvalId?: string | null,
): Promise<RoleView | Held> {
  const permissions = assertNoEscalation(actor, {
    permissions: input.permissions,
    scope: input.resource_scope ?? undefined,
    target: { type: "custom_role" },
  });
  await assertNameFree(tx, input.name);
  // Four-eyes for power (lib/monitoring/power.ts): a role carrying admin-level permissions.
  if (addsAdminLevel([], permissions)) {
    const held = await holdPower(tx, actor, {
      action: "role.create",
      params: { ...input },
      metric: "admin_grant",
      approvalId,
    });
    if (held) return held;
  }
  const row = await tx.customRole.create({
    data: {
      tenantId: actor.tenantId,
      name: input.name,
      description: input.description,
      permissions,
      resourceScope: input.resource_scope ?? undefined,
      createdBy: actor.userId ?? actor.subject,
    },
  });
  await appendAudit(tx, {
    action: "role.create",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "custom_role", id: row.id },
    requestId: actor.requestId,
    details: { name: row.name, permissions, resource_scope: input.resource_scope },
  });
  return roleView({ ...row, _count: { users: 0 } });
}

export async function updateRole(
  tx: TenantTx,
  actor: Actor,
  id: string,
  patch: RoleUpdate,
  approvalId?: string | null,
): Promise<RoleView | Held> {
  const before = await getRoleOrThrow(tx, id);
  const beforePerms = before.permissions.filter(isPermission);
  const nextPerms = patch.permissions ?? beforePerms;
  const nextScope =
    patch.resource_scope === undefined ? parseScope(before.resourceScope) : (patch.resource_scope ?? undefined);
  // The whole resulting role must fit inside the editor's own power, not just the change:
  // otherwise anyone with roles.write could rename or re-scope a more powerful role.
  assertNoEscalation(actor, { permissions: nextPerms, scope: nextScope, target: { type: "custom_role", id } });
  if (patch.name && patch.name.toLowerCase() !== before.name.toLowerCase()) await assertNameFree(tx, patch.name, id);
  // Four-eyes for power (lib/monitoring/power.ts): an admin-level permission added to a role.
  if (addsAdminLevel(beforePerms, nextPerms)) {
    const held = await holdPower(tx, actor, {
      action: "role.update",
      params: { role_id: id, ...patch },
      metric: "admin_grant",
      approvalId,
    });
    if (held) return held;
  }
  const row = await tx.customRole.update({
    where: { id },
    data: {
      name: patch.name,
      description: patch.description,
      permissions: patch.permissions ? [...new Set(patch.permissions)].sort() : undefined,
      resourceScope: patch.resource_scope === undefined ? undefined : (patch.resource_scope ?? Prisma.DbNull),
    },
    include: withCount,
  });
  await appendAudit(tx, {
    action: "role.update",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "custom_role", id },
    requestId: actor.requestId,
    details: { changes: patch, previous_permissions: beforePerms },
  });
  if (row._count.users > 0) {
    const users = await tx.user.findMany({ where: { customRoleId: id }, select: { id: true } });
    const increase = grantedIncrease(actor, { type: "custom_role", id }, beforePerms, nextPerms as Permission[]);
    if (increase)
      await appendAudit(tx, { ...increase, details: { ...increase.details, affected_users: users.map((u) => u.id) } });
  }
  return roleView(row);
}

/** Deleting a role unassigns it first: its users fall back to their built-in role. */
export async function deleteRole(
  tx: TenantTx,
  actor: Actor,
  id: string,
): Promise<{ id: string; deleted: true; unassigned_users: number }> {
  const before = await getRoleOrThrow(tx, id);
  const { count } = await tx.user.updateMany({ where: { customRoleId: id }, data: { customRoleId: null } });
  await tx.customRole.delete({ where: { id } });
  await appendAudit(tx, {
    action: "role.delete",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "custom_role", id },
    requestId: actor.requestId,
    details: { name: before.name, permissions: before.permissions, unassigned_users: count },
  });
  return { id, deleted: true, unassigned_users: count };
}
