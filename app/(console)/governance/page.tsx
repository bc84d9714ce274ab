// /governance - customers, teams, users and virtual keys with their limits (placeholder).
import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/shell/placeholder-page";

export const metadata: Metadata = { title: "Governance" };

export default function GovernancePage() {
  return (
    <PlaceholderPage
      title="Governance"
      description="Who may call which models, and at what cost."
      icon="governance"
      feature="Governance"
      permission="governance.read"
    >
      <p>
        This page will manage the tenant&apos;s customers, teams, users and virtual keys, with budgets, rate limits and
        model and provider allow-lists at each level.
      </p>
      <p>The gateway will enforce these on every request and charge usage to every level it belongs to.</p>
    </PlaceholderPage>
  );
}
