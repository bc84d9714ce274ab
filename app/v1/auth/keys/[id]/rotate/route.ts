// POST /v1/auth/keys/{id}/rotate - new secret; the old one keeps working until overlap_until
import { rotateKey } from "@/lib/auth/api-keys/manage";
import { rotateKeySchema } from "@/lib/auth/api-keys/schemas";
import { keyWithSecret } from "@/lib/auth/api-keys/view";
import { json, route } from "@/lib/http/route";
import { parseJsonText, readBodyText } from "@/lib/http/body";

// The body is optional here (defaults from the policy), so it is parsed by hand.
async function optionalBody(req: Request) {
  const text = await readBodyText(req);
  if (!text.trim()) return {};
  return rotateKeySchema.parse(parseJsonText(text));
}

export const POST = route(
  {
    permission: "api_keys.write",
    summary: "Rotate an API key: a new secret; the old one keeps working until overlap_until",
    description: 'The JSON body is optional: {"overlap_hours", "ttl_days"}; without it the policy\'s defaults apply.',
    response: keyWithSecret,
    status: 201,
    errors: ["not_found", "conflict"],
    example: { params: { id: "key_example" } },
  },
  async ({ req, actor, tx, params }) => {
    const body = await optionalBody(req);
    return json(await rotateKey(tx, actor, params.id, { overlapHours: body.overlap_hours, ttlDays: body.ttl_days }), {
      status: 201,
    });
  },
);
