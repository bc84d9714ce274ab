// GET,POST /v1/scim/tokens - list SCIM bearer tokens; create one (the secret is shown once)
import { z } from "zod";
import { listOf, pageQuery } from "@/lib/paging";
import { route } from "@/lib/http/route";
import { createdScimTokenView, createScimToken, listScimTokens, scimTokenView } from "@/lib/scim/tokens";

export const GET = route(
  {
    permission: "scim.read",
    summary: "List SCIM bearer tokens (revoked ones too), newest first",
    query: pageQuery,
    response: listOf(scimTokenView),
    example: { query: { limit: "50" } },
  },
  async ({ tx, query }) => listScimTokens(tx, query),
);

export const POST = route(
  {
    permission: "scim.write",
    summary: "Create a SCIM bearer token",
    description: "The secret (token) is in this answer only; Warden keeps its SHA-256. Audited.",
    body: z.object({ name: z.string().trim().min(1).max(100) }),
    response: createdScimTokenView,
    status: 201,
    example: { body: { name: "Okta provisioning" } },
  },
  async ({ tx, actor, body }) => Response.json(await createScimToken(tx, actor, body.name), { status: 201 }),
);
