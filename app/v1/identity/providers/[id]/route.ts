// GET/PATCH/DELETE /v1/identity/providers/{id} - one identity provider of the tenant.
import { route } from "@/lib/http/route";
import {
  deleteIdentityProvider,
  getIdentityProviderOrThrow,
  toPublicIdentityProvider,
  updateIdentityProvider,
} from "@/lib/identity/providers";
import { updateProviderSchema } from "@/lib/identity/schemas";
import { identityProviderView } from "@/lib/identity/views";
import { approvalQuery, isHeld, orHeld } from "@/lib/monitoring/power";

export const GET = route(
  {
    permission: "identity.read",
    summary: "One identity provider",
    response: identityProviderView,
    errors: ["not_found"],
    example: { params: { id: "idp_example" } },
  },
  async ({ tx, params }) => toPublicIdentityProvider(await getIdentityProviderOrThrow(tx, params.id)),
);

export const PATCH = route(
  {
    permission: "identity.write",
    summary: "Change an identity provider (audited with the fields changed; secrets never logged)",
    description:
      "A require_approval rule on idp_change holds it: 202 with the approval; repeat it with approval_id once another admin approved.",
    body: updateProviderSchema,
    query: approvalQuery,
    response: identityProviderView,
    errors: ["not_found"],
    example: {
      params: { id: "idp_example" },
      body: { role_mapping: { "warden-admins": "admin", "warden-devs": "developer" } },
    },
  },
  async ({ tx, actor, params, body, query }) => {
    const out = await updateIdentityProvider(tx, actor, params.id, body, query.approval_id);
    return isHeld(out) ? orHeld(out) : toPublicIdentityProvider(out);
  },
);

export const DELETE = route(
  {
    permission: "identity.write",
    summary: "Remove an identity provider (audited)",
    description:
      "A require_approval rule on idp_change holds it: 202 with the approval; repeat it with approval_id once another admin approved.",
    query: approvalQuery,
    status: 204,
    errors: ["not_found"],
    example: { params: { id: "idp_example" } },
  },
  async ({ tx, actor, params, query }) => {
    const held = await deleteIdentityProvider(tx, actor, params.id, query.approval_id);
    return held ? orHeld(held) : new Response(null, { status: 204 });
  },
);
