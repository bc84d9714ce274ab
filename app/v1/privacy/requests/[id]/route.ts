// GET /v1/privacy/requests/{id} - one data subject request.
import { route } from "@/lib/http/route";
import { getRequest, shapeRequest } from "@/lib/privacy/requests";

export const GET = route({ permission: "privacy.read" }, async ({ tx, params }) => shapeRequest(await getRequest(tx, params.id)));
