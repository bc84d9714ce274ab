// /governance/virtual-keys - gateway keys: owner, allow-lists, expiry, limits; create, rotate, revoke.
import type { Metadata } from "next";
import { VirtualKeysConsole } from "@/components/governance/virtual-keys-console";
import { NoAccess } from "@/components/shell/placeholder-page";
import { PageHeader } from "@/components/ui/page-header";
import { VIRTUAL_KEY_LIST, virtualKeyRows } from "@/lib/governance/console";
import { parseListQuery, type SearchParams } from "@/lib/governance/list-query";
import { providerOptions } from "@/lib/governance/owner-search";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { pageActor } from "../access";
import { createVirtualKeyAction, ownerDetailsAction, revokeVirtualKeyAction, rotateVirtualKeyAction, searchOwnersAction, updateVirtualKeyAction } from "../actions";

export const metadata: Metadata = { title: "Virtual keys" };
export const dynamic = "force-dynamic";

export default async function VirtualKeysPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { actor, allowed } = await pageActor("virtual_keys.read");
  const header = <PageHeader title="Virtual keys" description="Keys for the gateway. Nothing is allowed by default: list providers and models, or * for all." />;
  if (!allowed) return <>{header}<NoAccess permission="virtual_keys.read" /></>;
  const query = parseListQuery(await searchParams, VIRTUAL_KEY_LIST.sortable, VIRTUAL_KEY_LIST.defaults);
  const { list, providers } = await withTenant(actor, async (tx) => ({ list: await virtualKeyRows(tx, actor, query), providers: await providerOptions(tx) }));
  return (
    <>
      {header}
      <VirtualKeysConsole list={{ ...list, query, sortable: VIRTUAL_KEY_LIST.sortable }} providers={providers}
        actions={{ create: createVirtualKeyAction, update: updateVirtualKeyAction, rotate: rotateVirtualKeyAction, revoke: revokeVirtualKeyAction, details: ownerDetailsAction, searchOwners: searchOwnersAction }} />
    </>
  );
}
