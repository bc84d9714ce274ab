// GET,POST /v1/scim/tokens - list SCIM bearer tokens; create one (the secret is shown once)
import { z } from "zod";
import { pageQuery } from "@/lib/http/pagination";
import { route } from "@/lib/http/route";
import { createScimToken, listScimTokens } from "@/lib/scim/tokens";

export const GET = route({ permission: "scim.read", query: pageQuery }, async ({ tx, query }) => listScimTokens(tx, query));

export const POST = route({ permission: "scim.write", body: z.object({ name: z.string().trim().min(1).max(100) }) }, async ({ tx, actor, body }) =>
  Response.json(await createScimToken(tx, actor, body.name), { status: 201 }),
);
