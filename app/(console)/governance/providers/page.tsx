// /governance/providers - upstream providers: base URL, write-only API key, price table per model.
import type { Metadata } from "next";
import { ProvidersConsole } from "@/components/governance/providers-console";
import { NoAccess } from "@/components/shell/placeholder-page";
import { PageHeader } from "@/components/ui/page-header";
import { providerRows } from "@/lib/governance/console";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { pageActor } from "../access";
import { createProviderAction, updateProviderAction } from "../actions";

export const metadata: Metadata = { title: "Providers" };
export const dynamic = "force-dynamic";

export default async function ProvidersPage() {
  const { actor, allowed } = await pageActor("governance.read");
  const header = <PageHeader title="Providers" description="OpenAI-compatible upstreams of this tenant and what each model costs per 1M tokens." />;
  if (!allowed) return <>{header}<NoAccess permission="governance.read" /></>;
  const rows = await withTenant(actor, (tx) => providerRows(tx));
  return <>{header}<ProvidersConsole rows={rows} actions={{ create: createProviderAction, update: updateProviderAction }} /></>;
}
