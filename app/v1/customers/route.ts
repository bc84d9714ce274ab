// GET,POST /v1/customers - customers with their budgets and rate limits.
import { json, route } from "@/lib/http/route";
import { createCustomer, customerCreateSchema, customerViewSchema, listCustomers } from "@/lib/governance/customers";
import { listOf, pageQuery } from "@/lib/paging";

export const GET = route(
  {
    permission: "customers.read",
    summary: "List customers",
    description:
      "The top of the governance hierarchy, with each customer's budgets (and the current period's spend) and rate limits.",
    query: pageQuery,
    response: listOf(customerViewSchema),
    example: { query: { limit: "20" } },
  },
  async ({ tx, query }) => listCustomers(tx, query),
);

export const POST = route(
  {
    permission: "customers.write",
    summary: "Create a customer",
    description: "A customer groups teams; its budgets cap everything its teams, users and keys spend.",
    body: customerCreateSchema,
    response: customerViewSchema,
    status: 201,
    errors: ["conflict"],
    example: {
      body: {
        name: "Initech",
        description: "Pilot customer",
        budgets: [{ limit_usd: 500, window: "1M", mode: "calendar" }],
        rate_limits: [{ requests_per_window: 600, window: "1m" }],
      },
    },
  },
  async ({ tx, actor, body }) => json(await createCustomer(tx, actor, body), { status: 201 }),
);
