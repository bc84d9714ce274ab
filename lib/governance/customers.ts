// Customers with their budgets and rate limits (fields of the customer in the API).
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit, auditActor } from "@/lib/audit/append";
import { WardenError } from "@/lib/errors";
import { pageArgs, pageOf, type Page } from "@/lib/paging";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { deleteOwnedLimits, liveKeyWhere, refuseWhileDependents } from "./dependents";
import { limitsOf, limitsSchema, limitsViewShape, limitViewsByOwner, replaceLimits, type LimitsView } from "./limits";

export const customerCreateSchema = z.object({
  name: z.string().min(1).max(120).describe("Unique in the tenant"),
  description: z.string().max(500).optional(),
  ...limitsSchema.shape,
});
export const customerPatchSchema = customerCreateSchema.partial();

/** A customer as /v1 sends it (list items too): its budgets and rate limits are fields of it. */
export const customerViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  created_at: z.iso.datetime(),
  ...limitsViewShape,
});
export type CustomerView = z.infer<typeof customerViewSchema>;

const select = { id: true, name: true, description: true, createdAt: true } as const;
type Row = { id: string; name: string; description: string | null; createdAt: Date };

function customerView(c: Row, limits: LimitsView): CustomerView {
  return { id: c.id, name: c.name, description: c.description, created_at: c.createdAt.toISOString(), ...limits };
}

export async function listCustomers(tx: TenantTx, page: Page) {
  const out = pageOf(await tx.customer.findMany({ select, ...pageArgs(page) }), page);
  const limits = await limitViewsByOwner(
    tx,
    out.data.map((c) => c.id),
  );
  return { ...out, data: out.data.map((c) => customerView(c, limits.get(c.id)!)) };
}

export async function getCustomer(tx: TenantTx, id: string): Promise<CustomerView> {
  const c = await tx.customer.findUnique({ where: { id }, select });
  if (!c) throw new WardenError("not_found", "Customer not found");
  return customerView(c, await limitsOf(tx, id));
}

async function assertFreeName(tx: TenantTx, name: string, exceptId?: string) {
  if (
    await tx.customer.findFirst({
      where: { name, ...(exceptId ? { NOT: { id: exceptId } } : {}) },
      select: { id: true },
    })
  )
    throw new WardenError("conflict", "A customer with this name exists");
}

export async function createCustomer(tx: TenantTx, actor: Actor, input: z.infer<typeof customerCreateSchema>) {
  await assertFreeName(tx, input.name);
  const c = await tx.customer.create({
    data: { tenantId: actor.tenantId, name: input.name, description: input.description },
    select,
  });
  await replaceLimits(tx, "customer", c.id, input);
  await appendAudit(tx, {
    action: "customer.create",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "customer", id: c.id },
    details: { name: c.name },
    requestId: actor.requestId,
  });
  return getCustomer(tx, c.id);
}

export async function updateCustomer(
  tx: TenantTx,
  actor: Actor,
  id: string,
  input: z.infer<typeof customerPatchSchema>,
) {
  await getCustomer(tx, id);
  if (input.name !== undefined) await assertFreeName(tx, input.name, id);
  if (input.name !== undefined || input.description !== undefined) {
    await tx.customer.update({ where: { id }, data: { name: input.name, description: input.description } });
  }
  await replaceLimits(tx, "customer", id, input);
  await appendAudit(tx, {
    action: "customer.update",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "customer", id },
    details: { fields: Object.keys(input) },
    requestId: actor.requestId,
  });
  return getCustomer(tx, id);
}

/**
 * Deletes a customer with its budgets and rate limits (and the revoked keys it owned). Refused
 * with 409 while teams or usable virtual keys still belong to it (ADR 0022).
 */
export async function deleteCustomer(tx: TenantTx, actor: Actor, id: string, now = new Date()): Promise<void> {
  const c = await tx.customer.findUnique({ where: { id }, select: { id: true, name: true } });
  if (!c) throw new WardenError("not_found", "Customer not found");
  const [teams, keys] = await Promise.all([
    tx.team.count({ where: { customerId: id } }),
    tx.virtualKey.count({ where: { customerId: id, ...liveKeyWhere(now) } }),
  ]);
  refuseWhileDependents(
    actor,
    "customer",
    c,
    [
      { one: "team", many: "teams", count: teams },
      { one: "virtual key", many: "virtual keys", count: keys },
    ],
    {
      still: "still has",
      hint: "Move its teams to another customer (or delete them) and revoke its keys first.",
    },
  );
  const retired = (await tx.virtualKey.findMany({ where: { customerId: id }, select: { id: true } })).map((k) => k.id);
  const removed = await deleteOwnedLimits(tx, [id], retired);
  await tx.virtualKey.deleteMany({ where: { customerId: id } });
  await tx.customer.delete({ where: { id } });
  await appendAudit(tx, {
    action: "customer.delete",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "customer", id },
    requestId: actor.requestId,
    details: { name: c.name, ...removed, revoked_keys: retired.length },
  });
}
