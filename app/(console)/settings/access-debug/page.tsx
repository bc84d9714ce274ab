// /settings/access-debug - who am I and what may I do (the actor the server resolved for this session).
import type { Metadata } from "next";
import { ActorSummary } from "@/components/rbac/actor-summary";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Access debug" };

export default function AccessDebugPage() {
  return (
    <>
      <PageHeader
        title="Access debug"
        description="Who Warden thinks you are in this session, and what your role allows."
      />
      <div className="flex flex-col gap-6">
        <ActorSummary />
        <EmptyState icon="debug" title="The 403 explainer is not available yet" status="Not built yet">
          <p>
            This section will explain a specific denied request: which permission was required, which method
            authenticated you, and the request and trace ids to quote to your administrator.
          </p>
        </EmptyState>
      </div>
    </>
  );
}
