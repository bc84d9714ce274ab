// GET /v1/identity/providers - list the tenant's identity providers; POST - add one.
import { pageQuery } from "@/lib/http/pagination";
import { route } from "@/lib/http/route";
import { createProvider, pageProviders, toPublicProvider } from "@/lib/identity/providers";
import { createProviderSchema } from "@/lib/identity/schemas";

export const GET = route({ permission: "identity.read", query: pageQuery }, async ({ tx, query }) => pageProviders(tx, query));

export const POST = route({ permission: "identity.write", body: createProviderSchema }, async ({ tx, actor, body }) => {
  const row = await createProvider(tx, actor, body);
  return Response.json(toPublicProvider(row), { status: 201 });
});
