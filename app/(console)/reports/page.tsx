// /reports - the report builder and saved reports (placeholder).
import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/shell/placeholder-page";

export const metadata: Metadata = { title: "Reports" };

export default function ReportsPage() {
  return (
    <PlaceholderPage
      title="Reports"
      description="Access, usage, data, compliance and security reports for audits and reviews."
      icon="reports"
      feature="The report builder"
      permission="reports.read"
    >
      <p>
        This page will build reports over the last 24 hours, 7 days, 30 days or a custom range, filtered by users,
        teams, customers or event types, and export them as PDF, CSV or JSON.
      </p>
      <p>Every generated report will be kept with who generated it, when, its parameters and a content hash.</p>
    </PlaceholderPage>
  );
}
