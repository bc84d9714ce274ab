// Teams, scoped by the actor's resource scope: a team outside it answers 404 like a missing id.
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit } from "@/lib/audit/append";
import { WardenError } from "@/lib/errors";
import type { Prisma, Team } from "@/lib/generated/prisma/client";
import { pageArgs, pageOf, type Page } from "@/lib/http/pagination";
import { auditActor } from "@/lib/rbac/escalation";
import { scopedTeams } from "@/lib/rbac/scope";
import type { TenantTx } from "@/lib/tenancy/with-tenant";

export const teamUpdateSchema = z
  .object({ name: z.string().trim().min(1).max(80).optional(), description: z.string().trim().max(300).nullable().optional() })
  .strict();

export function teamView(t: Team) {
  return { id: t.id, name: t.name, description: t.description, customer_id: t.customerId, created_at: t.createdAt.toISOString() };
}

function scopeWhere(actor: Pick<Actor, "scope">): Prisma.TeamWhereInput {
  const teams = scopedTeams(actor);
  return teams ? { id: { in: teams } } : {};
}

export async function listTeams(tx: TenantTx, actor: Pick<Actor, "scope">, page: Page) {
  const args = pageArgs(page);
  const rows = await tx.team.findMany({ ...args, where: { AND: [args.where ?? {}, scopeWhere(actor)] } });
  return pageOf(rows.map(teamView), page);
}

export async function getTeamOrThrow(tx: TenantTx, actor: Actor, id: string): Promise<Team> {
  const row = await tx.team.findFirst({ where: { AND: [{ id }, scopeWhere(actor)] } });
  if (!row) throw new WardenError("not_found", "No such team");
  return row;
}

export async function updateTeam(tx: TenantTx, actor: Actor, id: string, patch: z.infer<typeof teamUpdateSchema>) {
  const before = await getTeamOrThrow(tx, actor, id);
  if (patch.name && patch.name !== before.name && (await tx.team.findFirst({ where: { name: patch.name }, select: { id: true } }))) {
    throw new WardenError("conflict", `A team named "${patch.name}" already exists`);
  }
  const row = await tx.team.update({ where: { id }, data: patch });
  await appendAudit(tx, {
    action: "team.update",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "team", id },
    requestId: actor.requestId,
    details: { changes: patch },
  });
  return teamView(row);
}
