// GET /v1/scim/events - the provisioning log (recent SCIM operations and their outcome), newest first
import { pageQuery } from "@/lib/http/pagination";
import { route } from "@/lib/http/route";
import { listScimEvents } from "@/lib/scim/events";

export const GET = route({ permission: "scim.read", query: pageQuery }, async ({ tx, query }) => listScimEvents(tx, query));
