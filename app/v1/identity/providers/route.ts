// GET /v1/identity/providers - list the tenant's identity providers; POST - add one.
import { route } from "@/lib/http/route";
import { createProvider, listProviders, toPublicProvider } from "@/lib/identity/providers";
import { createProviderSchema } from "@/lib/identity/schemas";

export const GET = route({ permission: "identity.read" }, async ({ tx, req }) => {
  const url = new URL(req.url);
  const limit = Math.min(Math.max(Number(url.searchParams.get("limit") ?? 50) || 50, 1), 100);
  const cursor = url.searchParams.get("cursor");
  const rows = await listProviders(tx);
  const start = cursor ? rows.findIndex((r) => r.id === cursor) + 1 : 0;
  const page = rows.slice(start, start + limit);
  const next = start + limit < rows.length ? page[page.length - 1]?.id : null;
  return { data: page.map(toPublicProvider), next_cursor: next ?? null };
});

export const POST = route({ permission: "identity.write", body: createProviderSchema }, async ({ tx, actor, body }) => {
  const row = await createProvider(tx, actor, body);
  return Response.json(toPublicProvider(row), { status: 201 });
});
