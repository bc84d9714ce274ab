// /settings/scim - SCIM 2.0 provisioning: IdP setup, tokens, group -> role mappings, provisioning log.
import type { Metadata } from "next";
import { ScimConsole } from "@/components/scim/scim-console";
import { NoAccess } from "@/components/ui/no-access";
import { refusedView } from "@/components/ui/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { toPublicActor } from "@/lib/auth/actor";
import { page } from "@/lib/http/page";
import { requestHeaders } from "@/lib/http/request-scope";
import { loadScimPage } from "@/lib/scim/page-data";

export const metadata: Metadata = { title: "SCIM" };

async function baseUrl(): Promise<string> {
  if (process.env.AUTH_URL) return `${process.env.AUTH_URL.replace(/\/+$/, "")}/scim/v2`;
  const h = await requestHeaders();
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${h.get("host") ?? "localhost"}/scim/v2`;
}

const header = (
  <PageHeader
    title="SCIM"
    description="Automatic user and group provisioning from Okta or Microsoft Entra ID (SCIM 2.0)."
  />
);

// The loader reads in its own tenant transaction.
export default page(
  {
    permission: "scim.read",
    tenantTx: false,
    refused: refusedView(header, "scim.read"),
  },
  async ({ actor }) => {
    const data = await loadScimPage(toPublicActor(actor));
    return (
      <>
        {header}
        {data ? <ScimConsole data={data} baseUrl={await baseUrl()} /> : <NoAccess permission="scim.read" />}
      </>
    );
  },
);
