// GET  /v1/reports/schedules - the tenant's scheduled reports
// POST /v1/reports/schedules - create one ({ name, type, format, window_days, cadence, weekday | day_of_month, hour, channels, email_to })
import { z } from "zod";
import { json, route } from "@/lib/http/route";
import { createSchedule, listSchedules, scheduleInput, scheduleView } from "@/lib/reports/schedules";

export const GET = route(
  {
    permission: "reports.read",
    summary: "List scheduled reports",
    response: z.object({ data: z.array(scheduleView) }),
    example: {},
  },
  async ({ tx }) => listSchedules(tx),
);

export const POST = route(
  {
    permission: "reports.create",
    body: scheduleInput,
    summary: "Schedule a report",
    description:
      "Runs daily, weekly (weekday, 0 = Sunday) or monthly (day_of_month 1-28) at hour UTC; each run reports on the last window_days days and delivers the file through the notification channels (e-mail attaches files up to 10 MiB, otherwise every channel carries the download link). Audit-based types need audit.read. Audited as report.schedule_create.",
    response: scheduleView,
    status: 201,
    example: {
      body: {
        name: "Weekly access review",
        type: "access",
        format: "pdf",
        window_days: 7,
        cadence: "weekly",
        weekday: 1,
        hour: 6,
        channels: ["email"],
        email_to: ["compliance@acme.test"],
      },
    },
  },
  async ({ tx, actor, body, ids }) => {
    const s = await createSchedule(tx, actor, body, ids.requestId);
    return json(s, { status: 201, headers: { location: `/v1/reports/schedules/${s.id}` } });
  },
);
