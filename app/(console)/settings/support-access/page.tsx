// /settings/support-access - grant a platform operator time-boxed access to this tenant, see every
// grant and how it was used, revoke (ADR 0037).
import type { Metadata } from "next";
import { SupportAccessPanel } from "@/components/support/support-access";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { page } from "@/lib/http/page";
import { listSupportGrants } from "@/lib/support/grants";

export const metadata: Metadata = { title: "Support access" };
export const dynamic = "force-dynamic";

const header = (
  <PageHeader
    title="Support access"
    description="Let your Warden provider's platform operator into this tenant for a limited time. Everything they do is recorded in your audit trail as support access."
  />
);

function refused() {
  return (
    <>
      {header}
      <EmptyState icon="lock" title="You cannot manage support access" status="Requires support.manage">
        <p>Ask an administrator of this tenant for access.</p>
      </EmptyState>
    </>
  );
}

export default page({ permission: "support.manage", refused }, async ({ tx }) => {
  const { data } = await listSupportGrants(tx);
  return (
    <>
      {header}
      <SupportAccessPanel grants={data} />
    </>
  );
});
