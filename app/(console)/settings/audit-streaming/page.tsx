// /settings/audit-streaming - where the tenant's audit trail is streamed (Splunk HEC, signed
// webhook, syslog over TLS), with each stream's lag and last error (ADR 0030).
import type { Metadata } from "next";
import { AuditStreams } from "@/components/audit-streaming/audit-streams";
import { refusedView } from "@/components/ui/no-access";
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

const refused = refusedView(header, "audit.read");

export default page({ permission: "audit.read", refused }, async ({ tx }) => {
  const { data } = await pageStreams(tx, { limit: 200 });
  return (
    <>
      {header}
      <AuditStreams streams={data} />
    </>
  );
});
