// /platform - the platform operators' console (ADR 0032): tenants with health aggregates, create,
// suspend and resume, export and deletion; operators; the platform log. Resolved on the "platform" surface: a tenant's
// person sees the refusal, an anonymous visitor is sent to sign in. No tenant data is read here.
import type { Metadata } from "next";
import { PlatformConsole } from "@/components/platform/platform-console";
import { page } from "@/lib/http/page";
import { erasedTenants, graceDays } from "@/lib/platform/erasure";
import { listOperators, platformLogEntries } from "@/lib/platform/operators";
import { tenantOverview } from "@/lib/platform/tenants";
import { operatorGrants } from "@/lib/support/grants";

export const metadata: Metadata = { title: "Platform" };

function NotAnOperator() {
  return (
    <div className="rounded-lg border border-border bg-surface p-6">
      <h1 className="text-lg font-semibold text-fg">Platform operators only</h1>
      <p className="mt-1 text-sm text-muted">
        This area manages tenants. Sign in through the platform identity provider as a platform operator.
      </p>
    </div>
  );
}

export default page(
  { permission: "platform.operate", surface: "platform", tenantTx: false, refused: () => <NotAnOperator /> },
  async ({ actor }) => {
    const [tenants, operators, log, grants, erased] = await Promise.all([
      tenantOverview(),
      listOperators(),
      platformLogEntries(20),
      operatorGrants(actor.subject),
      erasedTenants(),
    ]);
    return (
      <PlatformConsole
        me={actor.subject}
        grants={grants}
        tenants={tenants}
        erased={erased}
        graceDays={graceDays()}
        operators={operators.map((o) => ({
          id: o.id,
          email: o.email,
          granted_by: o.grantedBy,
          granted_at: o.grantedAt.toISOString(),
        }))}
        log={log.map((e) => ({
          id: e.id,
          at: e.at.toISOString(),
          operator_id: e.operatorId,
          action: e.action,
          tenant_id: e.tenantId,
        }))}
      />
    );
  },
);
