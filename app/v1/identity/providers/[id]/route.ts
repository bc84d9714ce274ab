// GET/PATCH/DELETE /v1/identity/providers/{id} - one identity provider of the tenant.
import { route } from "@/lib/http/route";
import { deleteProvider, getProviderOrThrow, toPublicProvider, updateProvider } from "@/lib/identity/providers";
import { updateProviderSchema } from "@/lib/identity/schemas";

export const GET = route({ permission: "identity.read" }, async ({ tx, params }) => toPublicProvider(await getProviderOrThrow(tx, params.id)));

export const PATCH = route({ permission: "identity.write", body: updateProviderSchema }, async ({ tx, actor, params, body }) =>
  toPublicProvider(await updateProvider(tx, actor, params.id, body)),
);

export const DELETE = route({ permission: "identity.write" }, async ({ tx, actor, params }) => {
  await deleteProvider(tx, actor, params.id);
  return new Response(null, { status: 204 });
});
