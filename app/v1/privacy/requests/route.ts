// GET,POST /v1/privacy/requests - data subject requests (access, erasure) with their deadlines.
import { route } from "@/lib/http/route";
import { readPage } from "@/lib/http/pagination";
import { createRequest, listRequests, requestCreateSchema } from "@/lib/privacy/requests";

export const GET = route({ permission: "privacy.read" }, async ({ req, tx }) => {
  const { limit, cursor } = readPage(req);
  const status = new URL(req.url).searchParams.get("status") ?? undefined;
  return listRequests(tx, { limit, cursor, status });
});

export const POST = route({ permission: "privacy.write", body: requestCreateSchema }, async ({ tx, actor, body }) =>
  Response.json(await createRequest(tx, actor, body), { status: 201 }),
);
