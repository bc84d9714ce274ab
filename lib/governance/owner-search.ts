// What the console's owner pickers offer: the first matches of a typed text among one kind of
// owner (customers, teams, users, virtual keys), at most 20, ordered by name, inside the tenant
// transaction and the actor's team scope (lib/governance/scope.ts, as the lists).
// With an id instead of a text it answers that one owner's label (a form opened for editing).
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { OWNER_TYPES } from "./owner-limits";
import { customerScopeWhere, keyScopeWhere, teamScopeWhere, userScopeWhere } from "./scope";

export const OWNER_SEARCH_LIMIT = 20;

export const ownerSearchSchema = z.object({
  kind: z.enum(OWNER_TYPES),
  q: z.string().trim().max(200).default(""),
  /** When given, only this owner (if it exists and is in scope): the label of a saved value. */
  id: z.string().min(1).max(100).optional(),
});

export type OwnerOption = { id: string; label: string; hint: string | null };

const has = (q: string) => ({ contains: q, mode: "insensitive" as const });
const take = OWNER_SEARCH_LIMIT;

export async function searchOwners(
  tx: TenantTx,
  actor: Pick<Actor, "scope">,
  input: z.input<typeof ownerSearchSchema>,
): Promise<OwnerOption[]> {
  const { kind, q, id } = ownerSearchSchema.parse(input);
  const byId = id ? { id } : {};
  if (kind === "customer") {
    const where: Prisma.CustomerWhereInput = {
      AND: [byId, customerScopeWhere(actor), q ? { OR: [{ name: has(q) }, { description: has(q) }] } : {}],
    };
    const rows = await tx.customer.findMany({
      where,
      select: { id: true, name: true, description: true },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take,
    });
    return rows.map((r) => ({ id: r.id, label: r.name, hint: r.description }));
  }
  if (kind === "team") {
    const where: Prisma.TeamWhereInput = {
      AND: [byId, teamScopeWhere(actor), q ? { OR: [{ name: has(q) }, { customer: { name: has(q) } }] } : {}],
    };
    const rows = await tx.team.findMany({
      where,
      select: { id: true, name: true, customer: { select: { name: true } } },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take,
    });
    return rows.map((r) => ({ id: r.id, label: r.name, hint: r.customer?.name ?? null }));
  }
  if (kind === "user") {
    // Only active users can own a key or be picked, as before; a saved value is shown regardless.
    const where: Prisma.UserWhereInput = {
      AND: [
        id ? { id } : { active: true },
        userScopeWhere(actor),
        q ? { OR: [{ name: has(q) }, { email: has(q) }] } : {},
      ],
    };
    const rows = await tx.user.findMany({
      where,
      select: { id: true, name: true, email: true },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take,
    });
    return rows.map((r) => ({ id: r.id, label: r.name || r.email, hint: r.email }));
  }
  const where: Prisma.VirtualKeyWhereInput = {
    AND: [
      id ? { id } : { revokedAt: null },
      keyScopeWhere(actor),
      q ? { OR: [{ name: has(q) }, { prefix: has(q) }] } : {},
    ],
  };
  const rows = await tx.virtualKey.findMany({
    where,
    select: { id: true, name: true, prefix: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take,
  });
  return rows.map((r) => ({ id: r.id, label: r.name, hint: `${r.prefix}…` }));
}

/** The providers and their priced models: what a key's allow-lists suggest (a short list). */
export async function providerOptions(tx: TenantTx) {
  const rows = await tx.provider.findMany({
    select: { name: true, prices: { select: { model: true }, orderBy: { model: "asc" } } },
    orderBy: { name: "asc" },
  });
  return rows.map((p) => ({ name: p.name, models: p.prices.map((m) => m.model) }));
}
