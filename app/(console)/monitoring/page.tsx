// /monitoring - monitoring rules, alerts and approvals (placeholder).
import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/shell/placeholder-page";

export const metadata: Metadata = { title: "Monitoring" };

export default function MonitoringPage() {
  return (
    <PlaceholderPage
      title="Monitoring"
      description="Rules that watch the audit trail and usage, and the alerts they raise."
      icon="monitoring"
      feature="Monitoring"
      permission="monitoring.read"
    >
      <p>
        This page will define rules such as &ldquo;more than 10 failed sign-ins in an hour&rdquo; or &ldquo;usage above 80% of a
        budget&rdquo;, with actions (alert, notify, require approval) delivered by email, Slack or signed webhook.
      </p>
      <p>Open alerts and pending approvals will be listed here to acknowledge, resolve or approve.</p>
    </PlaceholderPage>
  );
}
