// The notification outbox. Alerts enqueue one row per channel in the SAME transaction as the
// alert, so an alert is never lost and never sent twice for one firing. The delivery worker
// claims due rows with a short lease, sends outside any transaction, then records the result:
// delivered, or attempts + 1 with exponential backoff (base * 2^(attempts-1), capped) and the
// error text, visible in the console. After the attempt limit a row is "dead" (still visible,
// retryable from the console); nothing is deleted.
import "server-only";
import type { Database } from "@/lib/db/runtime";
import { Prisma } from "@/lib/generated/prisma/client";
import { z } from "zod";
import { keysetArgs, keysetOf, pageQuery, type Page } from "@/lib/paging";
import { notificationDeliveries, notificationFailures } from "@/lib/observability/metrics";
import { activeTenantIds } from "@/lib/tenancy/suspension";
import { withTenant, type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";
import { sendToChannel, type Channel } from "./channels";
import { channelSecrets } from "./settings";

export const ALERT_FIRED = "alert.fired" as const;

export interface AlertPayload {
  event: typeof ALERT_FIRED;
  alert: {
    id: string;
    rule_id: string;
    rule: string;
    action: string;
    severity: string;
    title: string;
    summary: string;
    fired_at: string;
    details: Record<string, unknown>;
    url: string;
  };
  tenant: string;
  /** Extra e-mail recipients (notify_manager: the tenant's admins). */
  extra_email?: string[];
}

/** A scheduled report is ready (lib/reports/schedules.ts): e-mail carries the file, others the link. */
export interface ReportReadyPayload {
  event: "report.ready";
  report: {
    id: string;
    schedule_id: string;
    schedule: string;
    type: string;
    format: string;
    from: string;
    to: string;
    rows: number;
    size_bytes: number;
    sha256: string;
    url: string;
    filename: string;
  };
  tenant: string;
}

export type NotificationPayload = AlertPayload | ReportReadyPayload;

/** E-mail attaches a report file up to this size; larger ones are sent as a link. */
export const ATTACH_MAX_BYTES = 10 * 1024 * 1024;

export interface BackoffConfig {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
  /** How long a claimed row is hidden from other workers while it is being sent. */
  leaseMs: number;
}

export function backoffConfig(env: NodeJS.ProcessEnv = process.env): BackoffConfig {
  const num = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) && Number(v) >= 0 ? Number(v) : d);
  return {
    baseMs: num(env.NOTIFY_BACKOFF_BASE_MS, 15_000),
    maxMs: num(env.NOTIFY_BACKOFF_MAX_MS, 3_600_000),
    maxAttempts: num(env.NOTIFY_MAX_ATTEMPTS, 25),
    leaseMs: 60_000,
  };
}

export function backoffDelay(attempts: number, cfg: BackoffConfig): number {
  return Math.min(cfg.maxMs, cfg.baseMs * 2 ** Math.max(0, attempts - 1));
}

/** Enqueues the alert on every configured channel; returns the number of rows written. */
export async function enqueueAlert(tx: TenantTx, payload: AlertPayload, now: Date = new Date()): Promise<number> {
  const tenantId = await tenantIdOf(tx);
  const s = await tx.monitoringSettings.findFirst();
  const rows: { channel: Channel; target: string }[] = [];
  const emails = [...new Set([...(s?.emailTo ?? []), ...(payload.extra_email ?? [])])];
  if (emails.length) rows.push({ channel: "email", target: emails.join(", ") });
  if (s?.slackChannel) rows.push({ channel: "slack", target: s.slackChannel });
  if (s?.webhookUrl) rows.push({ channel: "webhook", target: s.webhookUrl });
  if (!rows.length) return 0;
  await tx.notificationOutbox.createMany({
    data: rows.map((r) => ({
      tenantId,
      alertId: payload.alert.id,
      channel: r.channel,
      target: r.target,
      payload: payload as unknown as Prisma.InputJsonValue,
      nextAttemptAt: now,
    })),
  });
  return rows.length;
}

export const deliveryRunView = z.object({
  attempted: z.number().int(),
  delivered: z.number().int(),
  failed: z.number().int(),
});
export type DeliveryRun = z.infer<typeof deliveryRunView>;

export interface DeliverOptions {
  db?: Database;
  now?: () => Date;
  backoff?: BackoffConfig;
  tenantIds?: string[];
  limit?: number;
}

/** One pass of the delivery worker over every tenant (or the given ones). */
export async function deliverDue(opts: DeliverOptions = {}): Promise<DeliveryRun> {
  const now = opts.now ?? (() => new Date());
  const cfg = opts.backoff ?? backoffConfig();
  const run: DeliveryRun = { attempted: 0, delivered: 0, failed: 0 };
  // A suspended tenant's rows stay pending, untouched (no attempt counted): delivered after resume.
  const tenants = await activeTenantIds(opts.db, opts.tenantIds);
  for (const tenantId of tenants) {
    const claimed = await withTenant(
      tenantId,
      async (tx) => {
        const t = now();
        const due = await tx.notificationOutbox.findMany({
          where: { status: "pending", nextAttemptAt: { lte: t } },
          orderBy: { nextAttemptAt: "asc" },
          take: opts.limit ?? 50,
        });
        if (!due.length) return null;
        // Claim: only rows still due are taken (another worker may have leased them meanwhile).
        const ids: string[] = [];
        for (const d of due) {
          const r = await tx.notificationOutbox.updateMany({
            where: { id: d.id, status: "pending", nextAttemptAt: { lte: t } },
            data: { nextAttemptAt: new Date(t.getTime() + cfg.leaseMs) },
          });
          if (r.count) ids.push(d.id);
        }
        return { rows: due.filter((d) => ids.includes(d.id)), secrets: await channelSecrets(tx) };
      },
      { db: opts.db },
    );
    if (!claimed) continue;
    for (const row of claimed.rows) {
      run.attempted++;
      let error: string | null = null;
      try {
        const payload = row.payload as unknown as NotificationPayload;
        const attachment =
          payload.event === "report.ready" && row.channel === "email"
            ? await reportAttachment(tenantId, payload, opts.db)
            : undefined;
        await sendToChannel(row.channel as Channel, row.target, payload, claimed.secrets, row.id, attachment);
      } catch (e) {
        error = (e instanceof Error ? e.message : String(e)).slice(0, 500);
      }
      const attempts = row.attempts + 1;
      const t = now();
      await withTenant(
        tenantId,
        (tx) =>
          tx.notificationOutbox.update({
            where: { id: row.id },
            data: error
              ? {
                  attempts,
                  lastError: error,
                  status: attempts >= cfg.maxAttempts ? "dead" : "pending",
                  nextAttemptAt: new Date(t.getTime() + backoffDelay(attempts, cfg)),
                }
              : { attempts, status: "delivered", deliveredAt: t, lastError: null },
          }),
        { db: opts.db },
      );
      if (error) {
        run.failed++;
        notificationFailures.inc({ channel: row.channel, final: String(attempts >= cfg.maxAttempts) });
      } else {
        run.delivered++;
        notificationDeliveries.inc({ channel: row.channel });
      }
    }
  }
  return run;
}

/** The report's file for an e-mail (when small enough), read from its chunks. */
async function reportAttachment(
  tenantId: string,
  p: ReportReadyPayload,
  db?: Database,
): Promise<{ filename: string; content: Buffer } | undefined> {
  if (p.report.size_bytes > ATTACH_MAX_BYTES) return undefined;
  const parts = await withTenant(
    tenantId,
    (tx) => tx.reportChunk.findMany({ where: { reportId: p.report.id }, orderBy: { idx: "asc" } }),
    { db },
  );
  return { filename: p.report.filename, content: Buffer.concat(parts.map((c) => Buffer.from(c.data))) };
}

export const DELIVERY_STATUSES = ["pending", "delivered", "dead"] as const;

/** One outbox row as /v1/monitoring/deliveries sends it. */
export const deliveryView = z
  .object({
    id: z.string(),
    alert_id: z.string().nullable(),
    alert_title: z.string().nullable(),
    channel: z.enum(["email", "slack", "webhook"]),
    target: z.string().describe("Addresses, channel name or URL, as configured when enqueued"),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    next_attempt_at: z.iso.datetime().nullable().describe("When a pending delivery is tried next"),
    last_error: z.string().nullable(),
    delivered_at: z.iso.datetime().nullable(),
    created_at: z.iso.datetime(),
  })
  .meta({ id: "Delivery" });
export type DeliveryView = z.infer<typeof deliveryView>;

export const deliveryListQuery = pageQuery.extend({ status: z.enum(DELIVERY_STATUSES).optional() });

/** The outbox, newest first, one page. */
export async function listDeliveries(
  tx: TenantTx,
  opts: Page & { status?: string },
): Promise<{ data: DeliveryView[]; next_cursor: string | null }> {
  const rows = await tx.notificationOutbox.findMany({
    ...keysetArgs(opts, "createdAt", opts.status ? { status: opts.status } : {}),
    include: { alert: { select: { title: true } } },
  });
  const page = keysetOf(rows, opts, (r) => r.createdAt);
  return {
    next_cursor: page.next_cursor,
    data: page.data.map((r) => ({
      id: r.id,
      alert_id: r.alertId,
      alert_title: r.alert?.title ?? null,
      channel: r.channel as DeliveryView["channel"],
      target: r.target,
      status: r.status as DeliveryView["status"],
      attempts: r.attempts,
      next_attempt_at: r.status === "pending" ? r.nextAttemptAt.toISOString() : null,
      last_error: r.lastError,
      delivered_at: r.deliveredAt?.toISOString() ?? null,
      created_at: r.createdAt.toISOString(),
    })),
  };
}

/** Console "retry now": a dead or waiting delivery becomes due immediately. */
export async function retryDelivery(tx: TenantTx, id: string, now: Date = new Date()): Promise<boolean> {
  const r = await tx.notificationOutbox.updateMany({
    where: { id, status: { in: ["pending", "dead"] } },
    data: { status: "pending", nextAttemptAt: now },
  });
  return r.count === 1;
}
