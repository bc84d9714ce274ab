// GET,PATCH,DELETE /v1/customers/{id} - one customer; change its name, budgets or rate limits; delete it
// (409 while teams or usable keys belong to it).
import { route } from "@/lib/http/route";
import {
  customerPatchSchema,
  customerViewSchema,
  deleteCustomer,
  getCustomer,
  updateCustomer,
} from "@/lib/governance/customers";

const params = { id: "cus_0123456789abcdef" };

export const GET = route(
  {
    permission: "customers.read",
    summary: "Get a customer",
    response: customerViewSchema,
    errors: ["not_found"],
    example: { params },
  },
  async ({ tx, params }) => getCustomer(tx, params.id),
);

export const PATCH = route(
  {
    permission: "customers.write",
    summary: "Update a customer",
    description:
      "Absent fields stay. A present `budgets` or `rate_limits` list replaces the customer's (a budget with the same window and mode keeps its spend, ADR 0009).",
    body: customerPatchSchema,
    response: customerViewSchema,
    errors: ["not_found", "conflict"],
    example: {
      params,
      body: { description: "Renewed for 2027", budgets: [{ limit_usd: 750, window: "1M", mode: "calendar" }] },
    },
  },
  async ({ tx, actor, params, body }) => updateCustomer(tx, actor, params.id, body),
);

export const DELETE = route(
  {
    permission: "customers.write",
    summary: "Delete a customer",
    description:
      "Deletes the customer with its budgets and rate limits (and the revoked keys it owned). While teams or usable virtual keys still belong to it the answer is 409 `conflict`, naming them with counts; the refusal is audited too (ADR 0022).",
    status: 204,
    errors: ["not_found", "conflict"],
    example: { params },
  },
  async ({ tx, actor, params }) => {
    await deleteCustomer(tx, actor, params.id);
    return new Response(null, { status: 204 });
  },
);
