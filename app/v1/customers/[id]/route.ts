// GET,PATCH,DELETE /v1/customers/{id} - one customer; change its name, budgets or rate limits; delete it
// (409 while teams or usable keys belong to it).
import { route } from "@/lib/http/route";
import { customerPatchSchema, deleteCustomer, getCustomer, updateCustomer } from "@/lib/governance/customers";

export const GET = route({ permission: "customers.read" }, async ({ tx, params }) => getCustomer(tx, params.id));

export const PATCH = route({ permission: "customers.write", body: customerPatchSchema }, async ({ tx, actor, params, body }) => updateCustomer(tx, actor, params.id, body));

export const DELETE = route({ permission: "customers.write" }, async ({ tx, actor, params }) => {
  await deleteCustomer(tx, actor, params.id);
  return new Response(null, { status: 204 });
});
