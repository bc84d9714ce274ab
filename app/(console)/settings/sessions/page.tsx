// /settings/sessions - the signed-in person's own console sessions, each of which they may end (ADR 0031).
import type { Metadata } from "next";
import { OwnSessions } from "@/components/sessions/session-list";
import { PageHeader } from "@/components/ui/page-header";
import { listOwnSessions, sessionPolicy } from "@/lib/auth/sessions/service";
import { page } from "@/lib/http/page";

export const metadata: Metadata = { title: "Sessions" };
export const dynamic = "force-dynamic";

export default page({ permission: "authenticated" }, async ({ actor, tx }) => {
  const [{ data }, policy] = [await listOwnSessions(tx, actor), await sessionPolicy(tx)];
  return (
    <>
      <PageHeader
        title="Sessions"
        description={`The browsers where you are signed in to Warden. A session ends after ${policy.idle_timeout_minutes} minutes without use and ${Math.round(policy.absolute_lifetime_minutes / 6) / 10} hours after sign-in at the latest.`}
      />
      <OwnSessions sessions={data} />
    </>
  );
});
