// /monitoring - compliance monitoring: alerts (acknowledge, resolve, history), the approvals
// queue, rules with a live-validated condition, notification channels, deliveries and the
// frameworks in scope. Everything here is also on /v1 with the same permissions. Live: re-rendered
// when GET /v1/monitoring/version changes (ADR 0033).
import type { Metadata } from "next";
import { LiveUpdates } from "@/components/live/live-updates";
import { MonitoringConsole } from "@/components/monitoring/monitoring-console";
import { validateConditionAction } from "./actions";
import { NoAccess } from "@/components/ui/no-access";
import { refusedView } from "@/components/ui/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { toPublicActor } from "@/lib/auth/actor";
import { page } from "@/lib/http/page";
import { loadMonitoringPage } from "@/lib/monitoring/page-data";

export const metadata: Metadata = { title: "Monitoring" };
export const dynamic = "force-dynamic";

const DESCRIPTION =
  "Rules that watch the audit trail and usage, the alerts they raise, actions waiting for approval and where notifications go.";
const header = <PageHeader title="Monitoring" description={DESCRIPTION} />;

// The loader reads in its own tenant transaction.
export default page(
  {
    permission: "monitoring.read",
    tenantTx: false,
    refused: refusedView(header, "monitoring.read"),
  },
  async ({ actor }) => {
    const data = await loadMonitoringPage(toPublicActor(actor));
    return (
      <>
        {data ? (
          <PageHeader
            title="Monitoring"
            description={DESCRIPTION}
            actions={<LiveUpdates view="monitoring" version={data.version} renderedAt={new Date().toISOString()} />}
          />
        ) : (
          header
        )}
        {data ? (
          <MonitoringConsole data={data} validateCondition={validateConditionAction} />
        ) : (
          <NoAccess permission="monitoring.read" />
        )}
      </>
    );
  },
);
