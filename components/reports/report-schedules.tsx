"use client";
// Reports -> Scheduled reports: the tenant's schedules (what, when, to whom, next run) and, with
// reports.create, add, pause / resume and delete. Calls go through the typed /v1 client
// (/v1/reports/schedules); the server re-checks the permission and audits every change. The
// workers generate each due run and deliver it through the notification channels.
import { useCan } from "@/components/rbac/can";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { useRun } from "@/components/monitoring/use-run";
import { api, must, type RequestBody } from "@/lib/api/client";
import type { components } from "@/lib/api/v1";
import { LabeledField } from "@/components/ui/labeled-field";
import { Outcome } from "@/components/ui/outcome";

export type ScheduleRow = components["schemas"]["ReportSchedule"];
type Input = RequestBody<"/v1/reports/schedules", "post">;

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const TYPE_LABEL: Record<string, string> = {
  access: "Access",
  usage: "Usage",
  data: "Data",
  compliance: "Compliance",
  security: "Security",
};
const hh = (h: number) => `${String(h).padStart(2, "0")}:00 UTC`;

export function cadenceText(s: Pick<ScheduleRow, "cadence" | "weekday" | "day_of_month" | "hour">): string {
  if (s.cadence === "weekly") return `Every ${WEEKDAYS[s.weekday ?? 1]} at ${hh(s.hour)}`;
  if (s.cadence === "monthly") return `Monthly on day ${s.day_of_month ?? 1} at ${hh(s.hour)}`;
  return `Daily at ${hh(s.hour)}`;
}

const when = (iso: string | null) =>
  iso ? new Date(iso).toISOString().slice(0, 16).replace("T", " ") + " UTC" : "never";

function ScheduleForm({ types, onDone }: { types: string[]; onDone: () => void }) {
  const [f, setF] = useState({
    name: "",
    type: types[0] ?? "access",
    format: "pdf",
    window_days: "7",
    cadence: "weekly",
    weekday: "1",
    day_of_month: "1",
    hour: "6",
    email_to: "",
  });
  const { busy, error, run } = useRun();
  const set = (patch: Partial<typeof f>) => setF({ ...f, ...patch });
  const save = async () => {
    const body: Input = {
      name: f.name.trim(),
      type: f.type as Input["type"],
      format: f.format as Input["format"],
      window_days: Number(f.window_days),
      cadence: f.cadence as Input["cadence"],
      ...(f.cadence === "weekly" ? { weekday: Number(f.weekday) } : {}),
      ...(f.cadence === "monthly" ? { day_of_month: Number(f.day_of_month) } : {}),
      hour: Number(f.hour),
      channels: ["email"],
      email_to: f.email_to.split(/[\s,;]+/).filter(Boolean),
      enabled: true,
    };
    if (await run(() => must(api.POST("/v1/reports/schedules", { body })))) onDone();
  };
  return (
    <form
      aria-label="Add scheduled report"
      className="grid gap-3 border-t border-border p-4 sm:grid-cols-2 lg:grid-cols-4"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <fieldset className="contents" disabled={busy}>
        <LabeledField id="rs-name" label="Name">
          <input
            id="rs-name"
            className={inputClass}
            required
            value={f.name}
            onChange={(e) => set({ name: e.target.value })}
            placeholder="Weekly access review"
          />
        </LabeledField>
        <LabeledField id="rs-type" label="Report">
          <select id="rs-type" className={inputClass} value={f.type} onChange={(e) => set({ type: e.target.value })}>
            {types.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABEL[t] ?? t}
              </option>
            ))}
          </select>
        </LabeledField>
        <LabeledField id="rs-format" label="Format">
          <select
            id="rs-format"
            className={inputClass}
            value={f.format}
            onChange={(e) => set({ format: e.target.value })}
          >
            <option value="pdf">PDF</option>
            <option value="csv">CSV</option>
            <option value="json">JSON</option>
          </select>
        </LabeledField>
        <LabeledField id="rs-window" label="Covers the last (days)">
          <input
            id="rs-window"
            type="number"
            min={1}
            max={366}
            className={inputClass}
            value={f.window_days}
            onChange={(e) => set({ window_days: e.target.value })}
          />
        </LabeledField>
        <LabeledField id="rs-cadence" label="Runs">
          <select
            id="rs-cadence"
            className={inputClass}
            value={f.cadence}
            onChange={(e) => set({ cadence: e.target.value })}
          >
            <option value="daily">Daily</option>
            <option value="weekly">Weekly</option>
            <option value="monthly">Monthly</option>
          </select>
        </LabeledField>
        {f.cadence === "weekly" && (
          <LabeledField id="rs-weekday" label="On">
            <select
              id="rs-weekday"
              className={inputClass}
              value={f.weekday}
              onChange={(e) => set({ weekday: e.target.value })}
            >
              {WEEKDAYS.map((d, i) => (
                <option key={d} value={i}>
                  {d}
                </option>
              ))}
            </select>
          </LabeledField>
        )}
        {f.cadence === "monthly" && (
          <LabeledField id="rs-dom" label="Day of month (1-28)">
            <input
              id="rs-dom"
              type="number"
              min={1}
              max={28}
              className={inputClass}
              value={f.day_of_month}
              onChange={(e) => set({ day_of_month: e.target.value })}
            />
          </LabeledField>
        )}
        <LabeledField id="rs-hour" label="Hour (UTC)">
          <input
            id="rs-hour"
            type="number"
            min={0}
            max={23}
            className={inputClass}
            value={f.hour}
            onChange={(e) => set({ hour: e.target.value })}
          />
        </LabeledField>
        <LabeledField id="rs-to" label="E-mail to (empty: the monitoring recipients)">
          <input
            id="rs-to"
            className={inputClass}
            value={f.email_to}
            onChange={(e) => set({ email_to: e.target.value })}
            placeholder="compliance@example.com"
          />
        </LabeledField>
        <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-4">
          <Button type="submit" variant="primary">
            Add schedule
          </Button>
          <Button variant="ghost" onClick={onDone}>
            Cancel
          </Button>
          <Outcome error={error} />
        </div>
      </fieldset>
    </form>
  );
}

function ScheduleItem({ s }: { s: ScheduleRow }) {
  const canManage = useCan("reports.create");
  const { busy, error, run } = useRun();
  const [confirm, setConfirm] = useState(false);
  const toggle = () =>
    run(() =>
      must(api.PATCH("/v1/reports/schedules/{id}", { params: { path: { id: s.id } }, body: { enabled: !s.enabled } })),
    );
  const remove = () => run(() => must(api.DELETE("/v1/reports/schedules/{id}", { params: { path: { id: s.id } } })));
  return (
    <li className="flex flex-col gap-2 border-t border-border px-4 py-3 sm:flex-row sm:items-center">
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-medium text-fg">{s.name}</span>
          <Badge tone={s.enabled ? "success" : "neutral"}>{s.enabled ? "Active" : "Paused"}</Badge>
        </div>
        <p className="text-sm text-muted">
          {TYPE_LABEL[s.type] ?? s.type} · {s.format.toUpperCase()} · last {s.window_days}{" "}
          {s.window_days === 1 ? "day" : "days"} · {cadenceText(s)}
        </p>
        <p className="text-xs text-subtle">
          Next run {s.enabled ? when(s.next_run_at) : "paused"} · last run {when(s.last_run_at)} · to{" "}
          {s.email_to.length ? s.email_to.join(", ") : "the monitoring recipients"}
        </p>
        <Outcome error={error} />
      </div>
      {canManage && (
        <div className="flex shrink-0 gap-2">
          <Button size="sm" disabled={busy} onClick={() => void toggle()}>
            {s.enabled ? "Pause" : "Resume"}
          </Button>
          {confirm ? (
            <Button
              size="sm"
              disabled={busy}
              aria-label={`Delete ${s.name}`}
              className="text-danger-text"
              onClick={() => void remove()}
            >
              Confirm delete
            </Button>
          ) : (
            <Button size="sm" variant="ghost" disabled={busy} onClick={() => setConfirm(true)}>
              Delete
            </Button>
          )}
        </div>
      )}
    </li>
  );
}

export function ReportSchedules({ schedules, types }: { schedules: ScheduleRow[]; types: string[] }) {
  const canManage = useCan("reports.create");
  const [adding, setAdding] = useState(false);
  return (
    <Card className="mt-6 overflow-hidden">
      <div className="flex items-center justify-between gap-3 px-4 py-3">
        <div className="min-w-0">
          <h2 className="text-sm font-semibold text-fg">Scheduled reports</h2>
          <p className="text-xs text-muted">
            Generated by the workers on their schedule and e-mailed through the notification channel.
          </p>
        </div>
        {canManage && !adding && (
          <Button size="sm" onClick={() => setAdding(true)}>
            Add schedule
          </Button>
        )}
      </div>
      {adding && <ScheduleForm types={types} onDone={() => setAdding(false)} />}
      {schedules.length ? (
        <ul aria-label="Scheduled reports">
          {schedules.map((s) => (
            <ScheduleItem key={s.id} s={s} />
          ))}
        </ul>
      ) : (
        <p className="border-t border-border px-4 py-3 text-sm text-muted">No scheduled reports yet.</p>
      )}
    </Card>
  );
}
