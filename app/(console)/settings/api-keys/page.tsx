// /settings/api-keys - control-plane API keys: list with state, create (secret shown once), rotate, revoke.
import type { Metadata } from "next";
import { KeyTable } from "@/components/api-keys/key-table";
import { refusedView } from "@/components/ui/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { loadKeysPage } from "@/lib/auth/api-keys/page-data";
import { toPublicActor } from "@/lib/auth/actor";
import { page } from "@/lib/http/page";

export const metadata: Metadata = { title: "API keys" };

const header = (
  <PageHeader
    title="API keys"
    description="Keys for automation, CI and scripts that call the Warden API. Each acts with a role and optional narrower scopes."
  />
);

// The loader reads in its own tenant transaction.
export default page(
  {
    permission: "api_keys.read",
    tenantTx: false,
    refused: refusedView(header, "api_keys.read"),
  },
  async ({ actor }) => {
    const { keys, policy } = await loadKeysPage(toPublicActor(actor));
    return (
      <>
        {header}
        <KeyTable keys={keys} policy={policy} />
      </>
    );
  },
);
