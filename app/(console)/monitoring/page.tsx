// /monitoring - compliance monitoring: alerts (acknowledge, resolve, history), the approvals
// queue, rules with a live-validated condition, notification channels, deliveries and the
// frameworks in scope. Everything here is also on /v1 with the same permissions.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { MonitoringConsole } from "@/components/monitoring/monitoring-console";
import { NoAccess } from "@/components/shell/placeholder-page";
import { PageHeader } from "@/components/ui/page-header";
import { getConsoleContext } from "@/lib/auth/console";
import { loadMonitoringPage } from "@/lib/monitoring/console";

export const metadata: Metadata = { title: "Monitoring" };
export const dynamic = "force-dynamic";

export default async function MonitoringPage() {
  const ctx = await getConsoleContext();
  if (!ctx) redirect("/signin");
  const data = await loadMonitoringPage(ctx.actor);
  return (
    <>
      <PageHeader title="Monitoring" description="Rules that watch the audit trail and usage, the alerts they raise, actions waiting for approval and where notifications go." />
      {data ? <MonitoringConsole data={data} /> : <NoAccess permission="monitoring.read" />}
    </>
  );
}
