// /settings/audit-streaming - where the tenant's audit trail is streamed (Splunk HEC, signed
// webhook, syslog over TLS), with each stream's lag and last error (ADR 0030).
import type { Metadata } from "next";
import { AuditStreams } from "@/components/audit-streaming/audit-streams";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { pageStreams } from "@/lib/audit/streaming/service";
import { page } from "@/lib/http/page";

export const metadata: Metadata = { title: "Audit streaming" };

const header = (
  <PageHeader
    title="Audit streaming"
    description="Every audit entry, delivered at least once and in seq order to your SIEM. Receivers deduplicate by seq; each entry carries its chain hash."
  />
);

function refused() {
  return (
    <>
      {header}
      <EmptyState icon="lock" title="You cannot view audit streaming" status="Requires audit.read">
        <p>Ask an administrator of this tenant for access.</p>
      </EmptyState>
    </>
  );
}

export default page({ permission: "audit.read", refused }, async ({ tx }) => {
  const { data } = await pageStreams(tx, { limit: 200 });
  return (
    <>
      {header}
      <AuditStreams streams={data} />
    </>
  );
});
