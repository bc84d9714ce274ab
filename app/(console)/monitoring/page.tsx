// /monitoring - compliance monitoring: alerts (acknowledge, resolve, history), the approvals
// queue, rules with a live-validated condition, notification channels, deliveries and the
// frameworks in scope. Everything here is also on /v1 with the same permissions.
import type { Metadata } from "next";
import { MonitoringConsole } from "@/components/monitoring/monitoring-console";
import { NoAccess } from "@/components/shell/placeholder-page";
import { PageHeader } from "@/components/ui/page-header";
import { toPublicActor } from "@/lib/auth/actor";
import { page } from "@/lib/http/page";
import { loadMonitoringPage } from "@/lib/monitoring/console";

export const metadata: Metadata = { title: "Monitoring" };
export const dynamic = "force-dynamic";

const header = <PageHeader title="Monitoring" description="Rules that watch the audit trail and usage, the alerts they raise, actions waiting for approval and where notifications go." />;

// The loader reads in its own tenant transaction.
export default page({ permission: "monitoring.read", tenantTx: false, refused: () => <>{header}<NoAccess permission="monitoring.read" /></> }, async ({ actor }) => {
  const data = await loadMonitoringPage(toPublicActor(actor));
  return (
    <>
      {header}
      {data ? <MonitoringConsole data={data} /> : <NoAccess permission="monitoring.read" />}
    </>
  );
});
