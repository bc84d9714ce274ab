// GET    /v1/reports/schedules/{id} - one scheduled report
// PATCH  /v1/reports/schedules/{id} - change it (the next run is computed again)
// DELETE /v1/reports/schedules/{id} - remove it (reports it made stay)
import { z } from "zod";
import { route } from "@/lib/http/route";
import { deleteSchedule, getSchedule, schedulePatch, scheduleView, updateSchedule } from "@/lib/reports/schedules";

const example = { params: { id: "rsc_5b0c1e6f2d8a4c0e9f7a6b5c4d3e2f10" } };

export const GET = route(
  {
    permission: "reports.read",
    summary: "Read a scheduled report",
    response: scheduleView,
    errors: ["not_found"],
    example,
  },
  async ({ tx, params }) => getSchedule(tx, params.id),
);

export const PATCH = route(
  {
    permission: "reports.create",
    body: schedulePatch,
    summary: "Change a scheduled report",
    description: "Audited as report.schedule_update with what changed.",
    response: scheduleView,
    errors: ["not_found"],
    example: { ...example, body: { enabled: false } },
  },
  async ({ tx, actor, params, body, ids }) => updateSchedule(tx, actor, params.id, body, ids.requestId),
);

export const DELETE = route(
  {
    permission: "reports.create",
    summary: "Delete a scheduled report",
    description: "Reports it already made stay. Audited as report.schedule_delete.",
    response: z.object({ id: z.string(), deleted: z.literal(true) }),
    errors: ["not_found"],
    example,
  },
  async ({ tx, actor, params, ids }) => deleteSchedule(tx, actor, params.id, ids.requestId),
);
