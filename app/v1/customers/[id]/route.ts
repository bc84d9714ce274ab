// GET,PATCH /v1/customers/{id} - one customer; change its name, budgets or rate limits.
import { route } from "@/lib/http/route";
import { customerPatchSchema, getCustomer, updateCustomer } from "@/lib/governance/customers";

export const GET = route({ permission: "customers.read" }, async ({ tx, params }) => getCustomer(tx, params.id));

export const PATCH = route({ permission: "customers.write", body: customerPatchSchema }, async ({ tx, actor, params, body }) => updateCustomer(tx, actor, params.id, body));
