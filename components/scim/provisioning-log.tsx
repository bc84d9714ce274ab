// Recent SCIM operations with their outcome (scim_events), newest first; each entry's request
// and response bodies (secrets redacted on the server) open on demand.
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/table";
import type { ScimEventView } from "@/lib/scim/events";

export function ProvisioningLog({ events }: { events: ScimEventView[] }) {
  if (events.length === 0)
    return <p className="text-sm text-muted">No SCIM requests yet. Changes from your IdP will appear here.</p>;
  return (
    <DataTable columns={["Time", "Operation", "Outcome", "Detail"]} minWidth="min-w-[40rem]" count={events.length}>
      {events.map((e) => (
        <tr key={e.id}>
          <td className="px-3 py-2 whitespace-nowrap text-muted">{new Date(e.ts).toLocaleString()}</td>
          <td className="px-3 py-2 whitespace-nowrap text-fg">
            <span className="font-mono text-xs">{e.method}</span> {e.resource_type ?? e.path}
          </td>
          <td className="px-3 py-2">
            <Badge tone={e.outcome === "success" ? "success" : "danger"}>
              {e.status} {e.outcome}
            </Badge>
          </td>
          <td className="px-3 py-2 text-muted">
            {e.detail}
            {e.request_body != null || e.response_body != null ? (
              <details className="mt-1">
                <summary className="cursor-pointer text-xs">Request and response</summary>
                <pre className="mt-1 max-h-64 max-w-xl overflow-auto rounded bg-surface-2 p-2 text-xs">
                  {JSON.stringify({ request: e.request_body ?? null, response: e.response_body ?? null }, null, 2)}
                </pre>
              </details>
            ) : null}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
