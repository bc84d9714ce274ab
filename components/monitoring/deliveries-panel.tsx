"use client";
// The notification outbox: every delivery with its attempts, next retry and last error.
import { useCan } from "@/components/rbac/can";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/table";
import type { DeliveryView } from "@/lib/notifications/outbox";
import { api } from "@/lib/api/client";
import { when } from "./api";
import { Panel } from "@/components/ui/panel";
import { Outcome } from "@/components/ui/outcome";
import { useRun } from "./use-run";

export function DeliveriesPanel({ deliveries }: { deliveries: DeliveryView[] }) {
  const canWrite = useCan("monitoring.write");
  const { busy, error, run } = useRun();
  return (
    <Panel
      id="deliveries"
      title={`Deliveries (${deliveries.length})`}
      description="Retried with exponential backoff until delivered; nothing is dropped while a receiver is down."
    >
      <Outcome error={error} className="mb-2" />
      <DataTable
        columns={[
          { label: "Alert", className: "w-[40%]" },
          "Channel",
          "Status",
          "Attempts",
          "Next / delivered",
          { label: "Actions", hidden: true },
        ]}
        minWidth="min-w-[52rem]"
        count={deliveries.length}
        empty="No deliveries yet."
      >
        {deliveries.map((d) => (
          <tr key={d.id} className="align-top" data-testid="delivery">
            <td className="px-3 py-2">
              <span className="text-fg">{d.alert_title ?? "—"}</span>
              {d.last_error && <p className="mt-0.5 max-w-md text-xs break-words text-danger-text">{d.last_error}</p>}
            </td>
            <td className="px-3 py-2">
              <span className="font-medium text-fg">{d.channel}</span>
              <p className="max-w-[14rem] truncate text-xs text-muted" title={d.target}>
                {d.target}
              </p>
            </td>
            <td className="px-3 py-2">
              <Badge
                tone={
                  d.status === "delivered"
                    ? "success"
                    : d.status === "dead"
                      ? "danger"
                      : d.last_error
                        ? "warning"
                        : "neutral"
                }
              >
                {d.status === "pending" && d.last_error ? "retrying" : d.status}
              </Badge>
            </td>
            <td className="px-3 py-2 tabular-nums">{d.attempts}</td>
            <td className="px-3 py-2 text-xs tabular-nums text-muted">
              {d.status === "delivered" ? when(d.delivered_at) : when(d.next_attempt_at)}
            </td>
            <td className="px-3 py-2 text-right">
              {canWrite && d.status !== "delivered" && (
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={busy}
                  onClick={() =>
                    run(() => api.POST("/v1/monitoring/deliveries/{id}/retry", { params: { path: { id: d.id } } }))
                  }
                >
                  Retry now
                </Button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </Panel>
  );
}
