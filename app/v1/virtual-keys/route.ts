// GET,POST /v1/virtual-keys - list virtual keys; create one (the secret is in this answer only).
import { json, route } from "@/lib/http/route";
import { listOf, pageQuery } from "@/lib/paging";
import {
  createVirtualKey,
  listVirtualKeys,
  virtualKeyCreateSchema,
  virtualKeyViewSchema,
  virtualKeyWithSecretSchema,
} from "@/lib/governance/virtual-keys";

export const GET = route(
  {
    permission: "virtual_keys.read",
    summary: "List virtual keys",
    description:
      "Gateway keys with their owner, allow-lists, budgets and rate limits; never their secrets. A team-scoped role sees the keys of its teams and their members only.",
    query: pageQuery,
    response: listOf(virtualKeyViewSchema),
    example: { query: { limit: "20" } },
  },
  async ({ tx, actor, query }) => listVirtualKeys(tx, actor, query),
);

export const POST = route(
  {
    permission: "virtual_keys.write",
    summary: "Create a virtual key",
    description:
      "Owned by exactly one user, team or customer (inside your team scope). The secret is in this answer only; Warden keeps its SHA-256.",
    body: virtualKeyCreateSchema,
    response: virtualKeyWithSecretSchema,
    status: 201,
    errors: ["not_found"],
    example: {
      body: {
        name: "ci-pipeline",
        team_id: "tm_0123456789abcdef",
        allowed_providers: ["openai"],
        allowed_models: ["gpt-4o-mini"],
        expires_at: "2027-12-31T23:59:59.000Z",
        budgets: [{ limit_usd: 25, window: "1w", mode: "rolling" }],
        rate_limits: [{ requests_per_window: 60, window: "1m" }],
      },
    },
  },
  async ({ tx, actor, body }) => json(await createVirtualKey(tx, actor, body), { status: 201 }),
);
