// GET /v1/scim/events - the provisioning log (recent SCIM operations and their outcome), newest first
import { listOf, pageQuery } from "@/lib/paging";
import { route } from "@/lib/http/route";
import { listScimEvents, scimEventView } from "@/lib/scim/events";

export const GET = route(
  {
    permission: "scim.read",
    summary: "List the SCIM provisioning log, newest first",
    description:
      "Every SCIM mutation and every failed SCIM request, with the request and response bodies (secrets redacted).",
    query: pageQuery,
    response: listOf(scimEventView),
    example: { query: { limit: "25" } },
  },
  async ({ tx, query }) => listScimEvents(tx, query),
);
