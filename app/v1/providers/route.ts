// GET,POST /v1/providers - upstream providers (base URL, sealed key, price table).
import { route } from "@/lib/http/route";
import { pageQuery } from "@/lib/http/pagination";
import { createProvider, listProviders, providerCreateSchema } from "@/lib/governance/providers";

export const GET = route({ permission: "governance.read", query: pageQuery }, async ({ tx, query }) => listProviders(tx, query));

export const POST = route({ permission: "governance.write", body: providerCreateSchema }, async ({ tx, actor, body }) =>
  Response.json(await createProvider(tx, actor, body), { status: 201 }),
);
