// POST /v1/privacy/requests/{id}/approve - requested -> approved.
import { route } from "@/lib/http/route";
import { approveRequest } from "@/lib/privacy/requests";

export const POST = route({ permission: "privacy.write" }, async ({ tx, actor, params }) => approveRequest(tx, actor, params.id));
