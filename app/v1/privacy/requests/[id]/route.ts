// GET /v1/privacy/requests/{id} - one data subject request.
import { route } from "@/lib/http/route";
import { getRequest, requestView, shapeRequest } from "@/lib/privacy/requests";

export const GET = route(
  {
    permission: "privacy.read",
    summary: "Read a data subject request",
    response: requestView,
    errors: ["not_found"],
    example: { params: { id: "dsr_5b0c1e6f2d8a4c0e9f7a6b5c4d3e2f10" } },
  },
  async ({ tx, params }) => shapeRequest(await getRequest(tx, params.id)),
);
