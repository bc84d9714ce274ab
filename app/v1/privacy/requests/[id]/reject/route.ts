// POST /v1/privacy/requests/{id}/reject - requested|approved -> rejected, with a reason.
import { route } from "@/lib/http/route";
import { rejectRequest, requestRejectSchema } from "@/lib/privacy/requests";

export const POST = route({ permission: "privacy.write", body: requestRejectSchema }, async ({ tx, actor, params, body }) => rejectRequest(tx, actor, params.id, body.reason));
