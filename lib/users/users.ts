// Users of a tenant as the RBAC API sees them: role, custom role, active, teams. A scoped actor
// sees only members of its teams; others answer 404. Role changes obey the no-escalation rule.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit } from "@/lib/audit/append";
import { WardenError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { pageArgs, pageOf, type Page } from "@/lib/http/pagination";
import { assertNotErased } from "@/lib/privacy/erasure";
import { permissionsFor } from "@/lib/rbac/authorize";
import { assertNoEscalation, auditActor, grantedIncrease } from "@/lib/rbac/escalation";
import type { UserCreate, UserUpdate } from "@/lib/rbac/schemas";
import { scopedTeams, teamInScope } from "@/lib/rbac/scope";
import type { TenantTx } from "@/lib/tenancy/with-tenant";

const include = { memberships: { select: { teamId: true } }, customRole: { select: { id: true, name: true } } } as const;
type UserRow = Prisma.UserGetPayload<{ include: typeof include }>;

export function userView(u: UserRow) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    custom_role: u.customRole ? { id: u.customRole.id, name: u.customRole.name } : null,
    active: u.active,
    team_ids: u.memberships.map((m) => m.teamId).sort(),
    last_login_at: u.lastLoginAt?.toISOString() ?? null,
    created_at: u.createdAt.toISOString(),
  };
}

export type UserView = ReturnType<typeof userView>;

function scopeWhere(actor: Pick<Actor, "scope">): Prisma.UserWhereInput {
  const teams = scopedTeams(actor);
  return teams ? { memberships: { some: { teamId: { in: teams } } } } : {};
}

export async function listUsers(tx: TenantTx, actor: Pick<Actor, "scope">, page: Page) {
  const rows = await tx.user.findMany({ ...pageArgs(page, scopeWhere(actor)), include });
  return pageOf(rows.map(userView), page);
}

export async function getUserOrThrow(tx: TenantTx, actor: Actor, id: string): Promise<UserRow> {
  const row = await tx.user.findFirst({ where: { id, ...scopeWhere(actor) }, include });
  if (!row) throw new WardenError("not_found", "No such user");
  return row;
}

async function effective(tx: TenantTx, role: string, customRoleId: string | null) {
  if (customRoleId && !(await tx.customRole.findUnique({ where: { id: customRoleId }, select: { id: true } }))) {
    throw new WardenError("not_found", "No such role");
  }
  return permissionsFor(tx, { role, customRoleId });
}

export async function createUser(tx: TenantTx, actor: Actor, input: UserCreate): Promise<UserView> {
  const granted = await effective(tx, input.role, input.custom_role_id);
  assertNoEscalation(actor, { permissions: granted.permissions, scope: granted.scope, target: { type: "user" } });
  if (scopedTeams(actor) && input.team_ids.length === 0) throw new WardenError("invalid_request", "Add the user to one of your teams");
  for (const teamId of input.team_ids) {
    if (!teamInScope(actor, teamId) || !(await tx.team.findUnique({ where: { id: teamId }, select: { id: true } }))) {
      throw new WardenError("not_found", "No such team");
    }
  }
  if (await tx.user.findFirst({ where: { email: input.email }, select: { id: true } })) throw new WardenError("conflict", "A user with this e-mail exists");
  await assertNotErased(tx, { tenantId: actor.tenantId, requestId: actor.requestId, actor: auditActor(actor) }, input.email, "users_api");
  const row = await tx.user.create({
    data: {
      tenantId: actor.tenantId,
      email: input.email,
      name: input.name,
      role: input.role,
      customRoleId: input.custom_role_id,
      memberships: { create: input.team_ids.map((teamId) => ({ tenantId: actor.tenantId, teamId, source: "manual" })) },
    },
    include,
  });
  await appendAudit(tx, {
    action: "user.create",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "user", id: row.id },
    requestId: actor.requestId,
    details: { role: row.role, custom_role_id: row.customRoleId, team_ids: input.team_ids },
  });
  return userView(row);
}

export async function updateUser(tx: TenantTx, actor: Actor, id: string, patch: UserUpdate): Promise<UserView> {
  const before = await getUserOrThrow(tx, actor, id);
  const held = await permissionsFor(tx, { role: before.role, customRoleId: before.customRoleId });
  // Managing someone more powerful than yourself (even to demote them) is an escalation too.
  assertNoEscalation(actor, { permissions: held.permissions, scope: held.scope, target: { type: "user", id } });
  const role = patch.role ?? before.role;
  const customRoleId = patch.custom_role_id === undefined ? before.customRoleId : patch.custom_role_id;
  const next = await effective(tx, role, customRoleId);
  assertNoEscalation(actor, { permissions: next.permissions, scope: next.scope, target: { type: "user", id } });
  const row = await tx.user.update({ where: { id }, data: { role, customRoleId, active: patch.active }, include });
  await appendAudit(tx, {
    action: "user.update",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "user", id },
    requestId: actor.requestId,
    details: { changes: patch, previous: { role: before.role, custom_role_id: before.customRoleId, active: before.active } },
  });
  const increase = grantedIncrease(actor, { type: "user", id }, held.permissions, next.permissions);
  if (increase) await appendAudit(tx, increase);
  return userView(row);
}
