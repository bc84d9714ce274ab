// POST /v1/identity/providers/{id}/test - fetch the provider's OIDC discovery and report problems.
import { route } from "@/lib/http/route";
import { testProviderConnection } from "@/lib/identity/test-connection";

// No tenant transaction around the handler: the network call must not hold one open.
export const POST = route({ permission: "identity.write", tenantTx: false }, async ({ actor, params }) => testProviderConnection(actor, params.id));
