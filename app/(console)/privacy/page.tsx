// /privacy - data subject requests with deadlines and export download, consent with history,
// retention per data class, and the gateway's compliance policies.
import type { Metadata } from "next";
import { ConsentPanel } from "@/components/privacy/consent-panel";
import { PoliciesPanel } from "@/components/privacy/policies-panel";
import { RequestsPanel } from "@/components/privacy/requests-panel";
import { RetentionPanel } from "@/components/privacy/retention-panel";
import { refusedView } from "@/components/ui/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { toPublicActor } from "@/lib/auth/actor";
import { page } from "@/lib/http/page";
import { loadPrivacyPage } from "@/lib/privacy/page-data";

export const metadata: Metadata = { title: "Privacy" };

const header = (
  <PageHeader
    title="Privacy"
    description="GDPR and HIPAA controls: data subject requests, consent, retention, and what the gateway lets through."
  />
);

// The loader reads in its own tenant transaction.
export default page(
  {
    permission: "privacy.read",
    tenantTx: false,
    refused: refusedView(header, "privacy.read"),
  },
  async ({ actor }) => {
    const data = await loadPrivacyPage(toPublicActor(actor));
    return (
      <>
        {header}
        <nav aria-label="Privacy sections" className="mb-6 flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {[
            ["#requests", "Requests"],
            ["#consent", "Consent"],
            ["#retention", "Retention"],
            ["#policies", "Policies"],
          ].map(([href, label]) => (
            <a key={href} href={href} className="text-accent-text underline-offset-4 hover:underline">
              {label}
            </a>
          ))}
        </nav>
        <RequestsPanel requests={data.requests} people={data.people} />
        <ConsentPanel consents={data.consents} people={data.people} />
        <RetentionPanel retention={data.retention} />
        <PoliciesPanel data={data} />
      </>
    );
  },
);
