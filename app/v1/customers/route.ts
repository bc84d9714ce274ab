// GET,POST /v1/customers - customers with their budgets and rate limits.
import { route } from "@/lib/http/route";
import { createCustomer, customerCreateSchema, listCustomers } from "@/lib/governance/customers";
import { pageQuery } from "@/lib/http/pagination";

export const GET = route({ permission: "customers.read", query: pageQuery }, async ({ tx, query }) => listCustomers(tx, query));

export const POST = route({ permission: "customers.write", body: customerCreateSchema }, async ({ tx, actor, body }) =>
  Response.json(await createCustomer(tx, actor, body), { status: 201 }),
);
