// A scheduled report that completed is delivered through the notification channels (ADR 0029):
// one outbox row per channel of its schedule, written in the transaction that marks the report
// completed, so a finished report is never left undelivered and never delivered twice for one run.
import "server-only";
import { Prisma, type Report } from "@/lib/generated/prisma/client";
import type { ReportReadyPayload } from "@/lib/notifications/outbox";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import type { ReportParams } from "./spec";

function consoleUrl(path: string): string {
  return `${(process.env.AUTH_URL ?? "").replace(/\/+$/, "")}${path}`;
}

/** Queues report.ready deliveries for a scheduled report; returns how many rows were written. */
export async function enqueueReportReady(
  tx: TenantTx,
  report: Report,
  file: { size: number; sha256: string; rows: number },
): Promise<number> {
  if (!report.scheduleId) return 0;
  const schedule = await tx.reportSchedule.findFirst({ where: { id: report.scheduleId } });
  if (!schedule) return 0;
  const settings = await tx.monitoringSettings.findFirst();
  const params = report.params as unknown as ReportParams;
  const payload: ReportReadyPayload = {
    event: "report.ready",
    report: {
      id: report.id,
      schedule_id: schedule.id,
      schedule: schedule.name,
      type: report.type,
      format: report.format,
      from: params.from,
      to: params.to,
      rows: file.rows,
      size_bytes: file.size,
      sha256: file.sha256,
      url: consoleUrl(`/v1/reports/${report.id}/download`),
      filename: `warden-${report.type}-report-${report.id}.${report.format}`,
    },
    tenant: report.tenantId,
  };
  const rows: { channel: string; target: string }[] = [];
  for (const c of schedule.channels) {
    if (c === "email") {
      const to = schedule.emailTo.length ? schedule.emailTo : (settings?.emailTo ?? []);
      if (to.length) rows.push({ channel: "email", target: to.join(", ") });
    } else if (c === "slack" && settings?.slackChannel) rows.push({ channel: "slack", target: settings.slackChannel });
    else if (c === "webhook" && settings?.webhookUrl) rows.push({ channel: "webhook", target: settings.webhookUrl });
  }
  if (!rows.length) return 0;
  await tx.notificationOutbox.createMany({
    data: rows.map((r) => ({
      tenantId: report.tenantId,
      channel: r.channel,
      target: r.target,
      payload: payload as unknown as Prisma.InputJsonValue,
    })),
  });
  return rows.length;
}
