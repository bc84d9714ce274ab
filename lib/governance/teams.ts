// Teams, scoped by the actor's resource scope: a team outside it answers 404 like a missing id.
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit, auditActor } from "@/lib/audit/append";
import { WardenError } from "@/lib/errors";
import type { Team } from "@/lib/generated/prisma/client";
import { pageArgs, pageOf, type Page } from "@/lib/paging";
import { scopedTeams } from "@/lib/rbac/scope";
import { teamScopeWhere } from "./scope";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { deleteOwnedLimits, liveKeyWhere, refuseWhileDependents } from "./dependents";
import { limitsOf, limitsSchema, limitsViewShape, limitViewsByOwner, replaceLimits, type LimitsView } from "./limits";

const customerId = z.string().regex(/^cus_[A-Za-z0-9]+$/, "Pick a customer");

export const teamUpdateSchema = z
  .object({
    name: z.string().trim().min(1).max(80).optional(),
    description: z.string().trim().max(300).nullable().optional(),
    customer_id: customerId.nullable().optional(),
    ...limitsSchema.shape,
  })
  .strict();

export const teamCreateSchema = z
  .object({
    name: z.string().trim().min(1, "Name is required").max(80),
    description: z.string().trim().max(300).nullable().optional(),
    customer_id: customerId.nullable().optional(),
    ...limitsSchema.shape,
  })
  .strict();

/** A team as /v1 sends it (list items too): its budgets and rate limits are fields of it. */
export const teamViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  customer_id: z
    .string()
    .nullable()
    .describe("The customer the team belongs to; its budgets apply on top of the team's"),
  created_at: z.iso.datetime(),
  ...limitsViewShape,
});
export type TeamView = z.infer<typeof teamViewSchema>;

function teamView(t: Team, limits: LimitsView): TeamView {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    customer_id: t.customerId,
    created_at: t.createdAt.toISOString(),
    ...limits,
  };
}

export async function listTeams(tx: TenantTx, actor: Pick<Actor, "scope">, page: Page) {
  const out = pageOf(await tx.team.findMany(pageArgs(page, teamScopeWhere(actor))), page);
  const limits = await limitViewsByOwner(
    tx,
    out.data.map((t) => t.id),
  );
  return { ...out, data: out.data.map((t) => teamView(t, limits.get(t.id)!)) };
}

export async function getTeamOrThrow(tx: TenantTx, actor: Pick<Actor, "scope">, id: string): Promise<Team> {
  const row = await tx.team.findFirst({ where: { AND: [{ id }, teamScopeWhere(actor)] } });
  if (!row) throw new WardenError("not_found", "No such team");
  return row;
}

async function assertCustomer(tx: TenantTx, id: string | null | undefined) {
  if (id && !(await tx.customer.findUnique({ where: { id }, select: { id: true } })))
    throw new WardenError("not_found", "No such customer");
}

async function assertFreeName(tx: TenantTx, name: string) {
  if (await tx.team.findFirst({ where: { name }, select: { id: true } }))
    throw new WardenError("conflict", `A team named "${name}" already exists`);
}

/** A team with its budgets and rate limits. */
export async function getTeamWithLimits(tx: TenantTx, actor: Pick<Actor, "scope">, id: string): Promise<TeamView> {
  return teamView(await getTeamOrThrow(tx, actor, id), await limitsOf(tx, id));
}

export async function createTeam(tx: TenantTx, actor: Actor, input: z.infer<typeof teamCreateSchema>) {
  // A team-scoped actor could not see (or manage) a team it creates outside its scope.
  if (scopedTeams(actor)) throw new WardenError("user_not_authorized", "A team-scoped role cannot create teams");
  await assertFreeName(tx, input.name);
  await assertCustomer(tx, input.customer_id);
  const row = await tx.team.create({
    data: {
      tenantId: actor.tenantId,
      name: input.name,
      description: input.description ?? null,
      customerId: input.customer_id ?? null,
    },
  });
  await replaceLimits(tx, "team", row.id, input);
  await appendAudit(tx, {
    action: "team.create",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "team", id: row.id },
    requestId: actor.requestId,
    details: {
      name: row.name,
      customer_id: row.customerId,
      budgets: input.budgets?.length ?? 0,
      rate_limits: input.rate_limits?.length ?? 0,
    },
  });
  return getTeamWithLimits(tx, actor, row.id);
}

export async function updateTeam(tx: TenantTx, actor: Actor, id: string, patch: z.infer<typeof teamUpdateSchema>) {
  const before = await getTeamOrThrow(tx, actor, id);
  const { budgets, rate_limits, customer_id, ...fields } = patch;
  if (fields.name && fields.name !== before.name) await assertFreeName(tx, fields.name);
  await assertCustomer(tx, customer_id);
  const row = await tx.team.update({
    where: { id },
    data: { ...fields, ...(customer_id !== undefined ? { customerId: customer_id } : {}) },
  });
  await replaceLimits(tx, "team", id, { budgets, rate_limits });
  await appendAudit(tx, {
    action: "team.update",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "team", id },
    requestId: actor.requestId,
    details: { changes: patch },
  });
  return teamView(row, await limitsOf(tx, id));
}

/**
 * Deletes a team with its budgets and rate limits (and the revoked keys it owned). Refused with
 * 409 while it has members, usable virtual keys, custom roles scoped to it or a compliance
 * policy of its own (ADR 0022). Outside the actor's team scope it answers 404.
 */
export async function deleteTeam(tx: TenantTx, actor: Actor, id: string, now = new Date()): Promise<void> {
  const team = await getTeamOrThrow(tx, actor, id);
  const [members, keys, roles, policies] = await Promise.all([
    tx.teamMembership.count({ where: { teamId: id } }),
    tx.virtualKey.count({ where: { teamId: id, ...liveKeyWhere(now) } }),
    tx.customRole.count({ where: { resourceScope: { path: ["teams"], array_contains: [id] } } }),
    tx.compliancePolicy.count({ where: { scopeType: "team", scopeId: id } }),
  ]);
  refuseWhileDependents(
    actor,
    "team",
    team,
    [
      { one: "member", many: "members", count: members },
      { one: "virtual key", many: "virtual keys", count: keys },
      { one: "custom role scoped to it", many: "custom roles scoped to it", count: roles },
      { one: "compliance policy", many: "compliance policies", count: policies },
    ],
    { still: "still has", hint: "Remove its members, revoke its keys and change those roles and policies first." },
  );
  const retired = (await tx.virtualKey.findMany({ where: { teamId: id }, select: { id: true } })).map((k) => k.id);
  const removed = await deleteOwnedLimits(tx, [id], retired);
  await tx.virtualKey.deleteMany({ where: { teamId: id } });
  await tx.team.delete({ where: { id } });
  await appendAudit(tx, {
    action: "team.delete",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "team", id },
    requestId: actor.requestId,
    details: { name: team.name, customer_id: team.customerId, ...removed, revoked_keys: retired.length },
  });
}
