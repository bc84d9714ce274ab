// POST /v1/virtual-keys/{id}/rotate - a new secret; the old one works until overlap_seconds pass.
import { json, route } from "@/lib/http/route";
import { rotateVirtualKey, virtualKeyRotateSchema, virtualKeyWithSecretSchema } from "@/lib/governance/virtual-keys";

export const POST = route(
  {
    permission: "virtual_keys.write",
    summary: "Rotate a virtual key",
    description:
      "Issues a new key (new id and secret) with the same owner, allow-lists and expiry; the budgets and rate limits move to it. The old secret keeps working for overlap_seconds.",
    body: virtualKeyRotateSchema,
    response: virtualKeyWithSecretSchema,
    status: 201,
    errors: ["not_found"],
    example: { params: { id: "vk_0123456789abcdef" }, body: { overlap_seconds: 3600 } },
  },
  async ({ tx, actor, params, body }) =>
    json(await rotateVirtualKey(tx, actor, params.id, body.overlap_seconds), { status: 201 }),
);
