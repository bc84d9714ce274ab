// /settings/access-debug - who am I, how this request was authenticated, and why a 403.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ActorSummary } from "@/components/rbac/actor-summary";
import { PermissionExplainer } from "@/components/rbac/permission-explainer";
import { RequestFacts } from "@/components/rbac/request-facts";
import { PageHeader } from "@/components/ui/page-header";
import { getConsoleContext } from "@/lib/auth/console";
import { consoleDebug } from "@/lib/auth/console-debug";
import { explainAction } from "./actions";

export const metadata: Metadata = { title: "Access debug" };

export default async function AccessDebugPage() {
  const ctx = await getConsoleContext();
  if (!ctx) redirect("/signin");
  const facts = await consoleDebug(ctx.actor);
  return (
    <>
      <PageHeader title="Access debug" description="Who Warden thinks you are in this session, what your role allows, and why a request was denied." />
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
}
