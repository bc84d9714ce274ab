// POST /v1/privacy/requests/{id}/complete - approved -> completed (an erasure erases the person).
import { route } from "@/lib/http/route";
import { completeRequestCommitted } from "@/lib/privacy/requests";

// Its own transaction: an erasure also clears a pre-tenant table after the commit.
export const POST = route({ permission: "privacy.write", tenantTx: false }, async ({ actor, params }) => completeRequestCommitted(actor, params.id));
