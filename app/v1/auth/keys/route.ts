// GET /v1/auth/keys - list the tenant's API keys; POST /v1/auth/keys - create one (secret shown once)
import { createKey, listKeys } from "@/lib/auth/api-keys/manage";
import { createKeySchema } from "@/lib/auth/api-keys/schemas";
import { keyView, keyWithSecret } from "@/lib/auth/api-keys/view";
import { listOf, pageQuery } from "@/lib/paging";
import { json, route } from "@/lib/http/route";

export const GET = route(
  {
    permission: "api_keys.read",
    summary: "List the tenant's control-plane API keys",
    query: pageQuery,
    response: listOf(keyView),
    example: { query: { limit: "20" } },
  },
  async ({ tx, query }) => listKeys(tx, query),
);

export const POST = route(
  {
    permission: "api_keys.write",
    summary: "Mint an API key (the secret is shown once); it never holds more than its creator",
    body: createKeySchema,
    response: keyWithSecret,
    status: 201,
    example: { body: { name: "Dashboard exporter", role: "viewer", scopes: ["dashboards.read"], ttl_days: 30 } },
  },
  async ({ actor, tx, body }) =>
    json(
      await createKey(tx, actor, { name: body.name, role: body.role, scopes: body.scopes, ttlDays: body.ttl_days }),
      { status: 201 },
    ),
);
