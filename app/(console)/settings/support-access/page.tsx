// /settings/support-access - grant a platform operator time-boxed access to this tenant, see every
// grant and how it was used, revoke (ADR 0037).
import type { Metadata } from "next";
import { SupportAccessPanel } from "@/components/support/support-access";
import { refusedView } from "@/components/ui/no-access";
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

const refused = refusedView(header, "support.manage");

export default page({ permission: "support.manage", refused }, async ({ tx }) => {
  const { data } = await listSupportGrants(tx);
  return (
    <>
      {header}
      <SupportAccessPanel grants={data} />
    </>
  );
});
