// POST /v1/identity/providers/{id}/test - fetch the provider's OIDC discovery and report problems.
import { route } from "@/lib/http/route";
import { testProviderConnection } from "@/lib/identity/test-connection";
import { connectionResultView } from "@/lib/identity/views";

// No tenant transaction around the handler: the network call must not hold one open.
export const POST = route(
  {
    permission: "identity.write",
    tenantTx: false,
    summary: "Test an OIDC provider: fetch its discovery document and report each check",
    description:
      "The answer is 200 whether or not the provider passed; `ok` and `checks` say which. The outbound guard applies.",
    response: connectionResultView,
    errors: ["not_found"],
    example: { params: { id: "idp_example" } },
  },
  async ({ actor, params }) => testProviderConnection(actor, params.id),
);
