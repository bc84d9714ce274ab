// GET,POST /v1/privacy/requests - data subject requests (access, erasure) with their deadlines, newest first.
import { listOf } from "@/lib/paging";
import { route } from "@/lib/http/route";
import {
  createRequest,
  listRequests,
  requestCreateSchema,
  requestListQuery,
  requestView,
} from "@/lib/privacy/requests";

export const GET = route(
  {
    permission: "privacy.read",
    summary: "List data subject requests, newest first",
    query: requestListQuery,
    response: listOf(requestView),
    example: { query: { status: "requested" } },
  },
  async ({ tx, query }) => listRequests(tx, query),
);

export const POST = route(
  {
    permission: "privacy.write",
    summary: "Open a data subject request (access or erasure)",
    description:
      "Starts as requested, due in 30 days; then approve, and complete (an erasure erases the person) or reject. Audited at every step.",
    body: requestCreateSchema,
    response: requestView,
    status: 201,
    errors: ["not_found"],
    example: { body: { kind: "access", user_id: "usr_5b0c1e6f2d8a4c0e9f7a6b5c4d3e2f10", note: "Received by e-mail" } },
  },
  async ({ tx, actor, body }) => Response.json(await createRequest(tx, actor, body), { status: 201 }),
);
