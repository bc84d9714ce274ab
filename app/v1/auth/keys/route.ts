// GET /v1/auth/keys - list the tenant's API keys; POST /v1/auth/keys - create one (secret shown once)
import { createKey, listKeys } from "@/lib/auth/api-keys/manage";
import { createKeySchema } from "@/lib/auth/api-keys/schemas";
import { pageQuery } from "@/lib/http/pagination";
import { json, route } from "@/lib/http/route";

export const GET = route({ permission: "api_keys.read", query: pageQuery }, async ({ tx, query }) => listKeys(tx, query));

export const POST = route({ permission: "api_keys.write", body: createKeySchema }, async ({ actor, tx, body }) =>
  json(await createKey(tx, actor, { name: body.name, role: body.role, scopes: body.scopes, ttlDays: body.ttl_days }, "api"), { status: 201 }),
);
