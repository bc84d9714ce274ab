// / - the tenant's compliance dashboard (placeholder until dashboards land).
import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/shell/placeholder-page";

export const metadata: Metadata = { title: "Dashboard" };

export default function DashboardPage() {
  return (
    <PlaceholderPage
      title="Dashboard"
      description="Security posture and compliance status for this tenant."
      icon="dashboard"
      feature="The compliance dashboard"
      permission="dashboards.read"
    >
      <p>
        This page will show the tenant&apos;s security posture (active alerts, failed sign-ins in the last 24 hours,
        privilege escalations) and compliance status for SOC 2 Type II, GDPR, ISO 27001 and HIPAA, computed from
        automated control checks with links to the evidence, plus open risk items and recent activity.
      </p>
      <p>Every figure will come from this tenant&apos;s audit trail and gateway data, so nothing is shown until that data exists.</p>
    </PlaceholderPage>
  );
}
