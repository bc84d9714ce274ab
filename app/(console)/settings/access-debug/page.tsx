// /settings/access-debug - who am I, how this request was authenticated, and why a 403.
import type { Metadata } from "next";
import { ActorSummary } from "@/components/rbac/actor-summary";
import { PermissionExplainer } from "@/components/rbac/permission-explainer";
import { RequestFacts } from "@/components/rbac/request-facts";
import { PageHeader } from "@/components/ui/page-header";
import { toPublicActor } from "@/lib/auth/actor";
import { consoleDebug } from "@/lib/auth/console-debug";
import { page } from "@/lib/http/page";
import { explainAction } from "./actions";

export const metadata: Metadata = { title: "Access debug" };

// Anyone signed in may see who they are; the facts need no tenant transaction.
export default page({ permission: "authenticated", tenantTx: false }, async ({ actor }) => {
  const facts = await consoleDebug(toPublicActor(actor));
  return (
    <>
      <PageHeader
        title="Access debug"
        description="Who Warden thinks you are in this session, what your role allows, and why a request was denied."
      />
      <div className="grid gap-6 xl:grid-cols-2">
        <div className="flex flex-col gap-6">
          <ActorSummary />
        </div>
        <div className="flex flex-col gap-6">
          <PermissionExplainer explain={explainAction} />
          <RequestFacts facts={facts} />
        </div>
      </div>
    </>
  );
});
