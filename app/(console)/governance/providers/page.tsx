// /governance/providers - upstream providers: base URL, write-only API key, price table per model.
import type { Metadata } from "next";
import { ProvidersConsole } from "@/components/governance/providers-console";
import { NoAccess } from "@/components/shell/placeholder-page";
import { PageHeader } from "@/components/ui/page-header";
import { PROVIDER_LIST, providerRows } from "@/lib/governance/console";
import { parseListQuery, type SearchParams } from "@/lib/governance/list-query";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { pageActor } from "../access";
import { createProviderAction, updateProviderAction } from "../actions";

export const metadata: Metadata = { title: "Providers" };
export const dynamic = "force-dynamic";

export default async function ProvidersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { actor, allowed } = await pageActor("governance.read");
  const header = <PageHeader title="Providers" description="OpenAI-compatible upstreams of this tenant and what each model costs per 1M tokens." />;
  if (!allowed) return <>{header}<NoAccess permission="governance.read" /></>;
  const query = parseListQuery(await searchParams, PROVIDER_LIST.sortable, PROVIDER_LIST.defaults);
  const list = await withTenant(actor, (tx) => providerRows(tx, query));
  return <>{header}<ProvidersConsole list={{ ...list, query, sortable: PROVIDER_LIST.sortable }} actions={{ create: createProviderAction, update: updateProviderAction }} /></>;
}
