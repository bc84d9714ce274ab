// /governance/virtual-keys - gateway keys: owner, allow-lists, expiry, limits; create, rotate, revoke.
import type { Metadata } from "next";
import { VirtualKeysConsole } from "@/components/governance/virtual-keys-console";
import { refusedView } from "@/components/ui/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { VIRTUAL_KEY_LIST, virtualKeyRows } from "@/lib/governance/read-models";
import { parseListQuery } from "@/lib/governance/list-query";
import { providerOptions } from "@/lib/governance/owner-search";
import { page } from "@/lib/http/page";
import { ownerDetailsAction, searchOwnersAction } from "../actions";

export const metadata: Metadata = { title: "Virtual keys" };
export const dynamic = "force-dynamic";

const header = (
  <PageHeader
    title="Virtual keys"
    description="Keys for the gateway. Nothing is allowed by default: list providers and models, or * for all."
  />
);

export default page(
  {
    permission: "virtual_keys.read",
    refused: refusedView(header, "virtual_keys.read"),
  },
  async ({ actor, tx, searchParams }) => {
    const query = parseListQuery(searchParams, VIRTUAL_KEY_LIST.sortable, VIRTUAL_KEY_LIST.defaults);
    const [list, providers] = [await virtualKeyRows(tx, actor, query), await providerOptions(tx)];
    return (
      <>
        {header}
        <VirtualKeysConsole
          list={{ ...list, query, sortable: VIRTUAL_KEY_LIST.sortable }}
          providers={providers}
          reads={{ details: ownerDetailsAction, searchOwners: searchOwnersAction }}
        />
      </>
    );
  },
);
