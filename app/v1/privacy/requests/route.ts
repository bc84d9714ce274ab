// GET,POST /v1/privacy/requests - data subject requests (access, erasure) with their deadlines, newest first.
import { route } from "@/lib/http/route";
import { createRequest, listRequests, requestCreateSchema, requestListQuery } from "@/lib/privacy/requests";

export const GET = route({ permission: "privacy.read", query: requestListQuery }, async ({ tx, query }) => listRequests(tx, query));

export const POST = route({ permission: "privacy.write", body: requestCreateSchema }, async ({ tx, actor, body }) =>
  Response.json(await createRequest(tx, actor, body), { status: 201 }),
);
