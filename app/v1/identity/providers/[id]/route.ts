// GET/PATCH/DELETE /v1/identity/providers/{id} - one identity provider of the tenant.
import { route } from "@/lib/http/route";
import { deleteProvider, getProviderOrThrow, toPublicProvider, updateProvider } from "@/lib/identity/providers";
import { updateProviderSchema } from "@/lib/identity/schemas";
import { identityProviderView } from "@/lib/identity/views";

export const GET = route(
  { permission: "identity.read", summary: "One identity provider", response: identityProviderView, errors: ["not_found"], example: { params: { id: "idp_example" } } },
  async ({ tx, params }) => toPublicProvider(await getProviderOrThrow(tx, params.id)),
);

export const PATCH = route(
  {
    permission: "identity.write",
    summary: "Change an identity provider (audited with the fields changed; secrets never logged)",
    body: updateProviderSchema,
    response: identityProviderView,
    errors: ["not_found"],
    example: { params: { id: "idp_example" }, body: { role_mapping: { "warden-admins": "admin", "warden-devs": "developer" } } },
  },
  async ({ tx, actor, params, body }) => toPublicProvider(await updateProvider(tx, actor, params.id, body)),
);

export const DELETE = route(
  {
    permission: "identity.write",
    summary: "Remove an identity provider (audited)",
    status: 204,
    errors: ["not_found"],
    example: { params: { id: "idp_example" } },
  },
  async ({ tx, actor, params }) => {
    await deleteProvider(tx, actor, params.id);
    return new Response(null, { status: 204 });
  },
);
