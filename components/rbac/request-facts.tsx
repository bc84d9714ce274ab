import { Card } from "@/components/ui/card";

export interface RequestFactsData {
  auth_method: string;
  subject: string;
  role: string;
  tenant_id: string;
  tenant_slug: string;
  issuer_suffix: string | null;
  key_id_prefix: string | null;
  request_id: string;
  trace_id: string;
  span_id: string;
  permission_count: number;
}

// What /v1/auth/debug would answer for this page request: quote these ids to an administrator.
export function RequestFacts({ facts }: { facts: RequestFactsData }) {
  const rows: Array<[string, string]> = [
    ["Auth method", facts.auth_method],
    ["Subject", facts.subject],
    ["Role", facts.role],
    ["Tenant id", `${facts.tenant_id} (${facts.tenant_slug})`],
    ["Issuer", facts.issuer_suffix ?? "—"],
    ["Key id", facts.key_id_prefix ? `${facts.key_id_prefix}…` : "—"],
    ["Request id", facts.request_id],
    ["Trace id", facts.trace_id],
    ["Span id", facts.span_id],
  ];
  return (
    <Card>
      <div className="border-b border-border px-5 py-3">
        <h2 className="text-sm font-medium text-fg">This request</h2>
        <p className="text-xs text-muted">The same fields GET /v1/auth/debug returns. No secret is ever shown.</p>
      </div>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 p-5 text-sm sm:grid-cols-[9rem_minmax(0,1fr)]">
        {rows.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="text-muted">{term}</dt>
            <dd className="-mt-1.5 font-mono text-xs break-all text-fg sm:mt-0 sm:leading-5">{value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
