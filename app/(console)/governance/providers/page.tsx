// /governance/providers - upstream providers: base URL, write-only API key, price table per model.
import type { Metadata } from "next";
import { ProvidersConsole } from "@/components/governance/providers-console";
import { refusedView } from "@/components/ui/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { PROVIDER_LIST, providerRows } from "@/lib/governance/read-models";
import { parseListQuery } from "@/lib/governance/list-query";
import { page } from "@/lib/http/page";

export const metadata: Metadata = { title: "Providers" };
export const dynamic = "force-dynamic";

const header = (
  <PageHeader
    title="Providers"
    description="OpenAI-compatible upstreams of this tenant and what each model costs per 1M tokens."
  />
);

export default page(
  {
    permission: "governance.read",
    refused: refusedView(header, "governance.read"),
  },
  async ({ tx, searchParams }) => {
    const query = parseListQuery(searchParams, PROVIDER_LIST.sortable, PROVIDER_LIST.defaults);
    const list = await providerRows(tx, query);
    return (
      <>
        {header}
        <ProvidersConsole list={{ ...list, query, sortable: PROVIDER_LIST.sortable }} />
      </>
    );
  },
);
