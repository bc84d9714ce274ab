// POST /v1/auth/keys/{id}/rotate - new secret; the old one keeps working until overlap_until
import { rotateKey } from "@/lib/auth/api-keys/manage";
import { rotateKeySchema } from "@/lib/auth/api-keys/schemas";
import { keyWithSecret } from "@/lib/auth/api-keys/view";
import { json, route } from "@/lib/http/route";

export const POST = route(
  {
    permission: "api_keys.write",
    summary: "Rotate an API key: a new secret; the old one keeps working until overlap_until",
    description: "The JSON body is optional; without it, or without a field, the policy's defaults apply.",
    body: rotateKeySchema,
    bodyOptional: true,
    response: keyWithSecret,
    status: 201,
    errors: ["not_found", "conflict"],
    example: { params: { id: "key_example" }, body: { overlap_hours: 24 } },
  },
  async ({ actor, tx, params, body }) => {
    return json(await rotateKey(tx, actor, params.id, { overlapHours: body.overlap_hours, ttlDays: body.ttl_days }), {
      status: 201,
    });
  },
);
