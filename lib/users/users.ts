// Users of a tenant as the RBAC API sees them: role, custom role, active, teams, and the gateway
// governance that applies at the user level (budgets, rate limits, provider and model
// allow-lists; ADR 0021). A scoped actor sees only members of its teams; others answer 404. Role
// changes obey the no-escalation rule; governance fields also need governance.write, as in the
// console. /v1/users and the console's Users page call these same functions.
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { endSessions } from "@/lib/auth/sessions/records";
import { appendAudit, auditActor } from "@/lib/audit/append";
import { WardenError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import {
  budgetViewSchema,
  limitsSchema,
  limitViewsByOwner,
  rateLimitViewSchema,
  replaceLimits,
  type BudgetView,
  type RateLimitView,
} from "@/lib/governance/limits";
import { userScopeWhere } from "@/lib/governance/scope";
import { pageArgs, pageOf, type Page } from "@/lib/paging";
import { addsAdminLevel, holdPower, type Held } from "@/lib/monitoring/power";
import { assertNotErased } from "@/lib/privacy/erasure";
import { permissionsFor } from "@/lib/rbac/authorize";
import { assertNoEscalation, grantedIncrease } from "@/lib/rbac/escalation";
import { userCreateSchema as rbacUserCreate, userUpdateSchema as rbacUserUpdate } from "@/lib/rbac/schemas";
import { scopedTeams, teamInScope } from "@/lib/rbac/scope";
import type { TenantTx } from "@/lib/tenancy/with-tenant";

const include = {
  memberships: { select: { teamId: true } },
  customRole: { select: { id: true, name: true } },
} as const;
type UserRow = Prisma.UserGetPayload<{ include: typeof include }>;

/** A provider or model allow-list entry: a name, `provider/model`, or `*` for all. */
const allowList = z.array(z.string().trim().min(1, "Enter a name").max(200)).max(200);

/** What the user level adds to the gateway's checks; absent fields are left as they are. */
const governanceFields = {
  allowed_providers: allowList
    .optional()
    .describe('Providers this user may use ("*" = all, [] = none); each key of the user narrows it further'),
  allowed_models: allowList
    .optional()
    .describe('Models this user may use, as `model` or `provider/model` ("*" = all, [] = none)'),
  ...limitsSchema.shape,
};
const GOVERNANCE_KEYS = ["allowed_providers", "allowed_models", "budgets", "rate_limits"] as const;

export const userCreateSchema = rbacUserCreate.extend(governanceFields).strict();
export const userPatchSchema = rbacUserUpdate.extend(governanceFields).strict();
export type UserCreate = z.infer<typeof userCreateSchema>;
export type UserPatch = z.infer<typeof userPatchSchema>;

export const userViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.string().describe("The built-in role (admin, developer, viewer)"),
  custom_role: z
    .object({ id: z.string(), name: z.string() })
    .nullable()
    .describe("A custom role, which replaces the built-in role's permissions"),
  active: z.boolean(),
  team_ids: z.array(z.string()),
  allowed_providers: z.array(z.string()).describe('Gateway providers allowed at the user level ("*" = all)'),
  allowed_models: z.array(z.string()).describe('Gateway models allowed at the user level ("*" = all)'),
  budgets: z
    .array(budgetViewSchema)
    .describe("The user's own budgets: every request of the user or of the user's keys counts"),
  rate_limits: z.array(rateLimitViewSchema).describe("The user's own rate limits"),
  last_login_at: z.string().nullable(),
  created_at: z.string(),
});
export type UserView = z.infer<typeof userViewSchema>;

export function userView(
  u: UserRow,
  limits: { budgets: BudgetView[]; rate_limits: RateLimitView[] } = { budgets: [], rate_limits: [] },
): UserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    custom_role: u.customRole ? { id: u.customRole.id, name: u.customRole.name } : null,
    active: u.active,
    team_ids: u.memberships.map((m) => m.teamId).sort(),
    allowed_providers: u.allowedProviders,
    allowed_models: u.allowedModels,
    budgets: limits.budgets,
    rate_limits: limits.rate_limits,
    last_login_at: u.lastLoginAt?.toISOString() ?? null,
    created_at: u.createdAt.toISOString(),
  };
}

async function viewsOf(tx: TenantTx, rows: UserRow[]): Promise<UserView[]> {
  const limits = await limitViewsByOwner(
    tx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => userView(r, limits.get(r.id)));
}

export async function listUsers(tx: TenantTx, actor: Pick<Actor, "scope">, page: Page) {
  const rows = await tx.user.findMany({ ...pageArgs(page, userScopeWhere(actor)), include });
  const paged = pageOf(rows, page);
  return { data: await viewsOf(tx, paged.data), next_cursor: paged.next_cursor };
}

export async function getUserOrThrow(tx: TenantTx, actor: Actor, id: string): Promise<UserRow> {
  const row = await tx.user.findFirst({ where: { id, ...userScopeWhere(actor) }, include });
  if (!row) throw new WardenError("not_found", "No such user");
  return row;
}

/** One user as /v1/users/{id} answers: with the user-level budgets, rate limits and allow-lists. */
export async function getUser(tx: TenantTx, actor: Actor, id: string): Promise<UserView> {
  return (await viewsOf(tx, [await getUserOrThrow(tx, actor, id)]))[0];
}

/** Budgets, rate limits and allow-lists are governance: changing them needs governance.write too. */
function assertGovernanceWrite(actor: Actor, input: Partial<Record<(typeof GOVERNANCE_KEYS)[number], unknown>>) {
  const touched = GOVERNANCE_KEYS.filter((k) => input[k] !== undefined);
  if (touched.length && !actor.permissions.has("governance.write")) {
    throw new WardenError(
      "user_not_authorized",
      `Changing ${touched.join(", ")} requires the permission governance.write`,
    );
  }
}

async function effective(tx: TenantTx, role: string, customRoleId: string | null) {
  if (customRoleId && !(await tx.customRole.findUnique({ where: { id: customRoleId }, select: { id: true } }))) {
    throw new WardenError("not_found", "No such role");
  }
  return permissionsFor(tx, { role, customRoleId });
}

export async function createUser(
  tx: TenantTx,
  actor: Actor,
  input: UserCreate,
  approvalId?: string | null,
): Promise<UserView | Held> {
  assertGovernanceWrite(actor, input);
  const granted = await effective(tx, input.role, input.custom_role_id);
  assertNoEscalation(actor, { permissions: granted.permissions, scope: granted.scope, target: { type: "user" } });
  // Four-eyes for power (lib/monitoring/power.ts): a new person with admin-level permissions.
  if (addsAdminLevel([], granted.permissions)) {
    const held = await holdPower(tx, actor, {
      action: "user.create",
      params: { ...input },
      metric: "admin_grant",
      approvalId,
    });
    if (held) return held;
  }
  if (scopedTeams(actor) && input.team_ids.length === 0)
    throw new WardenError("invalid_request", "Add the user to one of your teams");
  for (const teamId of input.team_ids) {
    if (!teamInScope(actor, teamId) || !(await tx.team.findUnique({ where: { id: teamId }, select: { id: true } }))) {
      throw new WardenError("not_found", "No such team");
    }
  }
  if (await tx.user.findFirst({ where: { email: input.email }, select: { id: true } }))
    throw new WardenError("conflict", "A user with this e-mail exists");
  await assertNotErased(
    tx,
    { tenantId: actor.tenantId, requestId: actor.requestId, actor: auditActor(actor) },
    input.email,
    "users_api",
  );
  const row = await tx.user.create({
    data: {
      tenantId: actor.tenantId,
      email: input.email,
      name: input.name,
      role: input.role,
      customRoleId: input.custom_role_id,
      ...(input.allowed_providers ? { allowedProviders: input.allowed_providers } : {}),
      ...(input.allowed_models ? { allowedModels: input.allowed_models } : {}),
      memberships: { create: input.team_ids.map((teamId) => ({ tenantId: actor.tenantId, teamId, source: "manual" })) },
    },
    include,
  });
  await replaceLimits(tx, "user", row.id, input);
  await appendAudit(tx, {
    action: "user.create",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "user", id: row.id },
    requestId: actor.requestId,
    details: {
      role: row.role,
      custom_role_id: row.customRoleId,
      team_ids: input.team_ids,
      allowed_providers: row.allowedProviders,
      allowed_models: row.allowedModels,
      budgets: input.budgets ?? [],
      rate_limits: input.rate_limits ?? [],
    },
  });
  return getUser(tx, actor, row.id);
}

export async function updateUser(
  tx: TenantTx,
  actor: Actor,
  id: string,
  patch: UserPatch,
  approvalId?: string | null,
): Promise<UserView | Held> {
  assertGovernanceWrite(actor, patch);
  const before = await getUserOrThrow(tx, actor, id);
  const held = await permissionsFor(tx, { role: before.role, customRoleId: before.customRoleId });
  // Managing someone more powerful than yourself (even to demote them) is an escalation too.
  assertNoEscalation(actor, { permissions: held.permissions, scope: held.scope, target: { type: "user", id } });
  const role = patch.role ?? before.role;
  const customRoleId = patch.custom_role_id === undefined ? before.customRoleId : patch.custom_role_id;
  const next = await effective(tx, role, customRoleId);
  assertNoEscalation(actor, { permissions: next.permissions, scope: next.scope, target: { type: "user", id } });
  // Four-eyes for power (lib/monitoring/power.ts): made admin, or given an admin-level permission.
  if (addsAdminLevel(held.permissions, next.permissions)) {
    const hold = await holdPower(tx, actor, {
      action: "user.update",
      params: { user_id: id, ...patch },
      metric: "admin_grant",
      approvalId,
    });
    if (hold) return hold;
  }
  const limitsBefore = patch.budgets || patch.rate_limits ? (await limitViewsByOwner(tx, [id])).get(id) : undefined;
  await tx.user.update({
    where: { id },
    data: {
      role,
      customRoleId,
      active: patch.active,
      allowedProviders: patch.allowed_providers,
      allowedModels: patch.allowed_models,
    },
  });
  // A deactivated person's console sessions end now (each audited), not at their next request.
  if (patch.active === false && before.active)
    await endSessions(tx, { userId: id }, "account_disabled", { actor: auditActor(actor), requestId: actor.requestId });
  // Present lists replace the user's budgets / rate limits in place (ADR 0009); absent ones stay.
  await replaceLimits(tx, "user", id, { budgets: patch.budgets, rate_limits: patch.rate_limits });
  await appendAudit(tx, {
    action: "user.update",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "user", id },
    requestId: actor.requestId,
    details: {
      changes: patch,
      previous: {
        role: before.role,
        custom_role_id: before.customRoleId,
        active: before.active,
        ...(patch.allowed_providers ? { allowed_providers: before.allowedProviders } : {}),
        ...(patch.allowed_models ? { allowed_models: before.allowedModels } : {}),
        ...(patch.budgets
          ? { budgets: limitsBefore?.budgets.map(({ limit_usd, window, mode }) => ({ limit_usd, window, mode })) }
          : {}),
        ...(patch.rate_limits
          ? {
              rate_limits: limitsBefore?.rate_limits.map(({ requests_per_window, tokens_per_window, window }) => ({
                requests_per_window,
                tokens_per_window,
                window,
              })),
            }
          : {}),
      },
    },
  });
  const increase = grantedIncrease(actor, { type: "user", id }, held.permissions, next.permissions);
  if (increase) await appendAudit(tx, increase);
  return getUser(tx, actor, id);
}
