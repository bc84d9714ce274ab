// /settings/network - the tenant's network rules: IP allow-lists for console sign-in and sessions,
// API keys and tokens, and virtual keys (ADR 0036).
import type { Metadata } from "next";
import { NetworkRulesPanel } from "@/components/network/network-rules";
import { refusedView } from "@/components/ui/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { clientIp } from "@/lib/http/client-ip";
import { page } from "@/lib/http/page";
import { requestHeaders } from "@/lib/http/request-scope";
import { networkRules } from "@/lib/network/rules";

export const metadata: Metadata = { title: "Network rules" };
export const dynamic = "force-dynamic";

const header = (
  <PageHeader
    title="Network rules"
    description="Allow each kind of credential only from your networks. A request from any other address is refused and audited; so is a console sign-in."
  />
);

const refused = refusedView(header, "network.manage");

export default page({ permission: "network.manage", refused }, async ({ tx }) => {
  const rules = await networkRules(tx);
  const ip = clientIp(await requestHeaders());
  return (
    <>
      {header}
      <NetworkRulesPanel rules={rules} currentIp={ip} />
    </>
  );
});
