// GET,POST /v1/virtual-keys - list virtual keys; create one (the secret is in this answer only).
import { route } from "@/lib/http/route";
import { pageQuery } from "@/lib/http/pagination";
import { createVirtualKey, listVirtualKeys, virtualKeyCreateSchema } from "@/lib/governance/virtual-keys";

export const GET = route({ permission: "virtual_keys.read", query: pageQuery }, async ({ tx, actor, query }) => listVirtualKeys(tx, actor, query));

export const POST = route({ permission: "virtual_keys.write", body: virtualKeyCreateSchema }, async ({ tx, actor, body }) =>
  Response.json(await createVirtualKey(tx, actor, body), { status: 201 }),
);
