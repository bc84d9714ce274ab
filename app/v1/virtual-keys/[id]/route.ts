// GET,PATCH,DELETE /v1/virtual-keys/{id} - one virtual key with its budgets and rate limits; change it; revoke it.
import { route } from "@/lib/http/route";
import {
  getVirtualKey,
  revokeVirtualKey,
  updateVirtualKey,
  virtualKeyPatchSchema,
  virtualKeyViewSchema,
} from "@/lib/governance/virtual-keys";

const params = { id: "vk_0123456789abcdef" };

export const GET = route(
  {
    permission: "virtual_keys.read",
    summary: "Get a virtual key",
    description:
      "One key with its budgets (and the current period's spend) and rate limits. Outside your team scope it answers 404.",
    response: virtualKeyViewSchema,
    errors: ["not_found"],
    example: { params },
  },
  async ({ tx, actor, params }) => getVirtualKey(tx, actor, params.id),
);

export const PATCH = route(
  {
    permission: "virtual_keys.write",
    summary: "Update a virtual key",
    description:
      "Name, allow-lists, expiry and limits; the owner and the secret never change (rotate for a new secret). A revoked key answers 404.",
    body: virtualKeyPatchSchema,
    response: virtualKeyViewSchema,
    errors: ["not_found"],
    example: {
      params,
      body: {
        allowed_models: ["gpt-4o-mini", "openai/gpt-4o"],
        expires_at: null,
        budgets: [{ limit_usd: 50, window: "1M", mode: "calendar" }],
      },
    },
  },
  async ({ tx, actor, params, body }) => updateVirtualKey(tx, actor, params.id, body),
);

export const DELETE = route(
  {
    permission: "virtual_keys.write",
    summary: "Revoke a virtual key",
    description:
      "Requests with the key fail at once. The key stays listed (revoked_at set) until its owner is deleted.",
    status: 204,
    errors: ["not_found"],
    example: { params },
  },
  async ({ tx, actor, params }) => {
    await revokeVirtualKey(tx, actor, params.id);
    return new Response(null, { status: 204 });
  },
);
