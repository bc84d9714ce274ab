// Scheduled reports (ADR 0029): "every Monday at 06:00 UTC, the last 7 days' access report as PDF
// to compliance@". A schedule is a tenant row (report_schedules, RLS) with its next run time. The
// report.schedules job (cron, every minute, lib/jobs/worker.ts) claims each due schedule by moving
// next_run_at forward with a conditional update (one process wins), then creates the report as
// the schedule's creator; when it completes, the generating transaction queues one report-ready
// notification per channel (delivery.ts), delivered by the outbox like alerts (e-mail with the
// file attached up to 10 MiB, else the link; Slack and the signed webhook with the link).
// Every create, change and delete is audited (report.schedule_*).
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { actorRefOf, appendAudit, auditActor } from "@/lib/audit/append";
import type { Database } from "@/lib/db/runtime";
import { WardenError } from "@/lib/errors";
import type { ReportSchedule } from "@/lib/generated/prisma/client";
import type { Permission } from "@/lib/rbac/permissions";
import { activeTenantIds } from "@/lib/tenancy/suspension";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import { assertMayReport, createReport } from "./service";
import { REPORT_FORMATS, REPORT_TYPES } from "./spec";

export const CADENCES = ["daily", "weekly", "monthly"] as const;
export const SCHEDULE_CHANNELS = ["email", "slack", "webhook"] as const;

const fields = {
  name: z.string().trim().min(1).max(120),
  type: z.enum(REPORT_TYPES),
  format: z.enum(REPORT_FORMATS),
  window_days: z.number().int().min(1).max(366).describe("The report covers the last N days before each run"),
  cadence: z.enum(CADENCES),
  weekday: z.number().int().min(0).max(6).nullable().describe("Weekly: 0 = Sunday … 6 = Saturday"),
  day_of_month: z.number().int().min(1).max(28).nullable().describe("Monthly: 1-28"),
  hour: z.number().int().min(0).max(23).describe("Hour of the run, UTC"),
  channels: z.array(z.enum(SCHEDULE_CHANNELS)).min(1).max(3),
  email_to: z.array(z.email()).max(20).describe("Recipients; empty = the monitoring e-mail recipients"),
  enabled: z.boolean(),
};

const cadenceOk = (s: { cadence?: string; weekday?: number | null; day_of_month?: number | null }) =>
  (s.cadence !== "weekly" || (s.weekday !== null && s.weekday !== undefined)) &&
  (s.cadence !== "monthly" || (s.day_of_month !== null && s.day_of_month !== undefined));
const CADENCE_MESSAGE = "A weekly schedule needs weekday (0-6), a monthly one day_of_month (1-28)";

export const scheduleInput = z
  .object({
    ...fields,
    weekday: fields.weekday.optional(),
    day_of_month: fields.day_of_month.optional(),
    hour: fields.hour.default(6),
    email_to: fields.email_to.default([]),
    enabled: fields.enabled.default(true),
  })
  .refine(cadenceOk, { message: CADENCE_MESSAGE })
  .meta({ id: "ReportScheduleInput" });
export const schedulePatch = z.object(fields).partial().meta({ id: "ReportSchedulePatch" });

export const scheduleView = z
  .object({
    id: z.string(),
    ...fields,
    next_run_at: z.iso.datetime(),
    last_run_at: z.iso.datetime().nullable(),
    last_report_id: z.string().nullable(),
    created_by: z.string(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: "ReportSchedule" });
export type ScheduleView = z.infer<typeof scheduleView>;

export function toScheduleView(s: ReportSchedule): ScheduleView {
  return {
    id: s.id,
    name: s.name,
    type: s.type as ScheduleView["type"],
    format: s.format as ScheduleView["format"],
    window_days: s.windowDays,
    cadence: s.cadence as ScheduleView["cadence"],
    weekday: s.weekday,
    day_of_month: s.dayOfMonth,
    hour: s.hour,
    channels: s.channels as ScheduleView["channels"],
    email_to: s.emailTo,
    enabled: s.enabled,
    next_run_at: s.nextRunAt.toISOString(),
    last_run_at: s.lastRunAt?.toISOString() ?? null,
    last_report_id: s.lastReportId,
    created_by: s.createdBy,
    created_at: s.createdAt.toISOString(),
    updated_at: s.updatedAt.toISOString(),
  };
}

type Cadence = Pick<ReportSchedule, "cadence" | "weekday" | "dayOfMonth" | "hour">;

/** The first run time strictly after `after` (UTC). */
export function nextRunAfter(s: Cadence, after: Date): Date {
  const d = new Date(Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate(), s.hour));
  for (let i = 0; i < 400; i++) {
    const ok =
      d > after &&
      (s.cadence === "daily" ||
        (s.cadence === "weekly" && d.getUTCDay() === s.weekday) ||
        (s.cadence === "monthly" && d.getUTCDate() === s.dayOfMonth));
    if (ok) return d;
    d.setUTCDate(d.getUTCDate() + 1);
  }
  throw new Error("no next run within 400 days");
}

const audit = (
  tx: TenantTx,
  actor: Actor,
  action: string,
  id: string,
  details: Record<string, unknown>,
  requestId?: string,
) =>
  appendAudit(tx, {
    action,
    outcome: "success",
    actor: auditActor(actor),
    requestId,
    target: { type: "report_schedule", id },
    details,
  });

export async function listSchedules(tx: TenantTx): Promise<{ data: ScheduleView[] }> {
  const rows = await tx.reportSchedule.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 200 });
  return { data: rows.map(toScheduleView) };
}

async function find(tx: TenantTx, id: string): Promise<ReportSchedule> {
  const s = await tx.reportSchedule.findFirst({ where: { id } });
  if (!s) throw new WardenError("not_found", "No such report schedule");
  return s;
}

export async function getSchedule(tx: TenantTx, id: string): Promise<ScheduleView> {
  return toScheduleView(await find(tx, id));
}

export async function createSchedule(
  tx: TenantTx,
  actor: Actor,
  input: z.infer<typeof scheduleInput>,
  requestId?: string,
  now = new Date(),
): Promise<ScheduleView> {
  assertMayReport(actor.permissions, input.type);
  const cadence = {
    cadence: input.cadence,
    weekday: input.cadence === "weekly" ? input.weekday! : null,
    dayOfMonth: input.cadence === "monthly" ? input.day_of_month! : null,
    hour: input.hour,
  };
  const row = await tx.reportSchedule.create({
    data: {
      tenantId: actor.tenantId,
      name: input.name,
      type: input.type,
      format: input.format,
      windowDays: input.window_days,
      ...cadence,
      channels: [...new Set(input.channels)],
      emailTo: input.email_to,
      enabled: input.enabled,
      nextRunAt: nextRunAfter(cadence, now),
      createdBy: actorRefOf(actor.tenantId, auditActor(actor)),
      createdByKind: auditActor(actor).kind,
    },
  });
  const view = toScheduleView(row);
  await audit(
    tx,
    actor,
    "report.schedule_create",
    row.id,
    {
      name: view.name,
      type: view.type,
      format: view.format,
      window_days: view.window_days,
      cadence: view.cadence,
      weekday: view.weekday,
      day_of_month: view.day_of_month,
      hour: view.hour,
      channels: view.channels,
      email_to: view.email_to,
    },
    requestId,
  );
  return view;
}

export async function updateSchedule(
  tx: TenantTx,
  actor: Actor,
  id: string,
  patch: z.infer<typeof schedulePatch>,
  requestId?: string,
  now = new Date(),
): Promise<ScheduleView> {
  const before = await find(tx, id);
  const merged = {
    cadence: patch.cadence ?? before.cadence,
    weekday: patch.weekday !== undefined ? patch.weekday : before.weekday,
    day_of_month: patch.day_of_month !== undefined ? patch.day_of_month : before.dayOfMonth,
  };
  if (!cadenceOk(merged)) throw new WardenError("invalid_request", CADENCE_MESSAGE);
  assertMayReport(actor.permissions, patch.type ?? before.type);
  const cadence = {
    cadence: merged.cadence,
    weekday: merged.cadence === "weekly" ? merged.weekday : null,
    dayOfMonth: merged.cadence === "monthly" ? merged.day_of_month : null,
    hour: patch.hour ?? before.hour,
  };
  const row = await tx.reportSchedule.update({
    where: { id },
    data: {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.type !== undefined ? { type: patch.type } : {}),
      ...(patch.format !== undefined ? { format: patch.format } : {}),
      ...(patch.window_days !== undefined ? { windowDays: patch.window_days } : {}),
      ...(patch.channels !== undefined ? { channels: [...new Set(patch.channels)] } : {}),
      ...(patch.email_to !== undefined ? { emailTo: patch.email_to } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      ...cadence,
      nextRunAt: nextRunAfter(cadence, now),
    },
  });
  const changed = Object.fromEntries(
    Object.entries(patch).map(([k, v]) => [
      k,
      { from: (toScheduleView(before) as Record<string, unknown>)[k] ?? null, to: v },
    ]),
  );
  await audit(tx, actor, "report.schedule_update", id, { changed }, requestId);
  return toScheduleView(row);
}

export async function deleteSchedule(
  tx: TenantTx,
  actor: Actor,
  id: string,
  requestId?: string,
): Promise<{ id: string; deleted: true }> {
  const before = await find(tx, id);
  await tx.reportSchedule.delete({ where: { id } });
  await audit(
    tx,
    actor,
    "report.schedule_delete",
    id,
    { name: before.name, type: before.type, format: before.format, cadence: before.cadence },
    requestId,
  );
  return { id, deleted: true };
}

/**
 * The report.schedules job: for every tenant, each enabled schedule whose time has come is claimed
 * (next_run_at moved to the following run, only if it still holds the value read) and its report
 * created as the schedule's creator. A claimed run whose report cannot be created (the process
 * stops in between) is not repeated: a run happens at most once, never twice.
 */
export async function runDueSchedules(
  opts: { db?: Database; now?: Date; tenantIds?: string[] } = {},
): Promise<string[]> {
  const now = opts.now ?? new Date();
  const made: string[] = [];
  // A suspended tenant's schedules are not claimed; after resume a schedule whose time passed runs
  // once (missed slots are not replayed).
  for (const tenantId of await activeTenantIds(opts.db, opts.tenantIds)) {
    const claimed = await withTenant(
      tenantId,
      async (tx) => {
        const due = await tx.reportSchedule.findMany({ where: { enabled: true, nextRunAt: { lte: now } }, take: 50 });
        const mine: ReportSchedule[] = [];
        for (const s of due) {
          const n = await tx.reportSchedule.updateMany({
            where: { id: s.id, nextRunAt: s.nextRunAt },
            data: { nextRunAt: nextRunAfter(s, now), lastRunAt: now },
          });
          if (n.count === 1) mine.push(s);
        }
        return mine;
      },
      { db: opts.db },
    );
    for (const s of claimed) {
      try {
        // The schedule's creator was allowed this type when creating it; the report runs in their name.
        const permissions = new Set<Permission>(["reports.create", "reports.read", "audit.read"]);
        const to = now;
        const from = new Date(to.getTime() - s.windowDays * 86_400_000);
        const report = await createReport(
          {
            tenantId,
            db: opts.db,
            permissions,
            scheduleId: s.id,
            actor: {
              kind: s.createdByKind,
              subject: s.createdBy,
              userId: s.createdByKind === "user" ? s.createdBy : undefined,
              displayName: `schedule: ${s.name}`,
            },
          },
          {
            type: s.type as ScheduleView["type"],
            format: s.format as ScheduleView["format"],
            range: "custom",
            from: from.toISOString(),
            to: to.toISOString(),
            filters: { users: [], teams: [], customers: [], event_types: [] },
          },
          now,
        );
        await withTenant(
          tenantId,
          (tx) => tx.reportSchedule.update({ where: { id: s.id }, data: { lastReportId: report.id } }),
          { db: opts.db },
        );
        made.push(report.id);
      } catch (e) {
        console.error(`[warden] scheduled report ${s.id} failed to start`, e);
      }
    }
  }
  return made;
}
