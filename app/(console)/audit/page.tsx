// /audit - the tamper-evident audit trail explorer (placeholder).
import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/shell/placeholder-page";

export const metadata: Metadata = { title: "Audit" };

export default function AuditPage() {
  return (
    <PlaceholderPage
      title="Audit"
      description="Every change and sign-in in this tenant, in order, with proof that nothing was altered."
      icon="audit"
      feature="The audit explorer"
      permission="audit.read"
    >
      <p>
        This page will list the tenant&apos;s tamper-evident audit trail: sign-ins, role and permission changes, key
        operations, identity and SCIM changes, report generation and exports, each entry chained to the one before it.
      </p>
      <p>
        You will be able to filter entries, verify the chain (which names the first altered entry, if any) and export
        signed JSON, JSONL or CSV that an auditor can check offline.
      </p>
    </PlaceholderPage>
  );
}
