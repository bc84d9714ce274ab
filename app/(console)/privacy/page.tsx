// /privacy - data subject requests with deadlines and export download, consent with history,
// retention per data class, and the gateway's compliance policies.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ConsentPanel } from "@/components/privacy/consent-panel";
import { PoliciesPanel } from "@/components/privacy/policies-panel";
import { RequestsPanel } from "@/components/privacy/requests-panel";
import { RetentionPanel } from "@/components/privacy/retention-panel";
import { NoAccess } from "@/components/shell/placeholder-page";
import { PageHeader } from "@/components/ui/page-header";
import { getConsoleContext } from "@/lib/auth/console";
import { loadPrivacyPage } from "@/lib/privacy/console";
import * as a from "./actions";

export const metadata: Metadata = { title: "Privacy" };

export default async function PrivacyPage() {
  const ctx = await getConsoleContext();
  if (!ctx) redirect("/signin");
  const header = <PageHeader title="Privacy" description="GDPR and HIPAA controls: data subject requests, consent, retention, and what the gateway lets through." />;
  if (!ctx.actor.permissions.includes("privacy.read")) return <>{header}<NoAccess permission="privacy.read" /></>;
  const data = await loadPrivacyPage(ctx.actor);
  const actions = {
    createRequest: a.createRequestAction, approveRequest: a.approveRequestAction, rejectRequest: a.rejectRequestAction, completeRequest: a.completeRequestAction,
    recordConsent: a.recordConsentAction, saveRetention: a.saveRetentionAction, runRetention: a.runRetentionAction, savePolicy: a.savePolicyAction, deletePolicy: a.deletePolicyAction,
  };
  return (
    <>
      {header}
      <nav aria-label="Privacy sections" className="mb-6 flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {[["#requests-h", "Requests"], ["#consent-h", "Consent"], ["#retention", "Retention"], ["#policies", "Policies"]].map(([href, label]) => (
          <a key={href} href={href} className="text-accent-text underline-offset-4 hover:underline">{label}</a>
        ))}
      </nav>
      <RequestsPanel requests={data.requests} people={data.people} actions={actions} />
      <ConsentPanel consents={data.consents} people={data.people} actions={actions} />
      <RetentionPanel retention={data.retention} actions={actions} />
      <PoliciesPanel data={data} actions={actions} />
    </>
  );
}
