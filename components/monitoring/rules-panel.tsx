"use client";
// Monitoring rules: the table, and one form for create and edit whose condition is checked as
// you type by the server's own parser (a server action), with the error's column marked.
import { useCan } from "@/components/rbac/can";
import { useEffect, useState } from "react";
import type { ActionResult } from "@/lib/http/action-result";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/table";
import { METRICS, METRIC_NAMES } from "@/lib/monitoring/condition";
import type { RuleView } from "@/lib/monitoring/rules";
import { api, type RequestBody } from "@/lib/api/client";
import { SEVERITY_TONE } from "./api";
import { inputClass } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { useRun } from "./use-run";

// The form's state is the body POST /v1/monitoring/rules takes (checked against the OpenAPI document).
type RuleBody = RequestBody<"/v1/monitoring/rules", "post">;
type Draft = Required<RuleBody> & { id?: string };
const TYPES: RuleBody["type"][] = ["security_event", "data_access", "budget_usage", "usage", "compliance"];
const ACTIONS: RuleBody["action"][] = ["alert_security_team", "notify_manager", "require_approval"];
const SEVERITIES: RuleBody["severity"][] = ["high", "medium", "low"];
const EMPTY: Draft = {
  name: "",
  type: "security_event",
  condition: "",
  action: "alert_security_team",
  severity: "medium",
  enabled: true,
};
type Check = { ok: true; text: string } | { ok: false; message: string; position: number } | null;

function ConditionField({ value, onChange, check }: { value: string; onChange: (v: string) => void; check: Check }) {
  return (
    <div className="sm:col-span-2">
      <label htmlFor="rule-condition" className="text-xs font-medium text-muted">
        Condition
      </label>
      <input
        id="rule-condition"
        className={`${inputClass} font-mono`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder="failed_logins > 10 in 1h"
        aria-describedby="rule-condition-help"
        aria-invalid={check?.ok === false}
        spellCheck={false}
        autoComplete="off"
      />
      <div id="rule-condition-help" aria-live="polite" className="mt-1 min-h-5 text-xs">
        {check?.ok === true && <span className="text-success-text">Valid: {check.text}</span>}
        {check?.ok === false && (
          <span className="text-danger-text">
            {check.message}
            <code className="mt-1 block overflow-x-auto font-mono whitespace-pre text-danger-text">{`${value}\n${" ".repeat(Math.max(0, value.length - value.trimStart().length + check.position))}^`}</code>
          </span>
        )}
      </div>
      <details className="text-xs text-muted">
        <summary className="cursor-pointer">Metrics and syntax</summary>
        <p className="mt-1">
          <code className="font-mono">metric [op value] [in window]</code>; ops &gt; &gt;= &lt; &lt;= == !=; windows
          like 5m, 1h, 24h, 7d; sizes in B, KB, MB, GB, TB; usage as <code className="font-mono">80% of budget</code>.
        </p>
        <ul className="mt-1 space-y-0.5">
          {METRIC_NAMES.map((m) => (
            <li key={m}>
              <code className="font-mono text-fg">{m}</code> — {METRICS[m].description}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}

function Select<T extends string>({
  id,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: T;
  options: T[];
  onChange: (v: T) => void;
}) {
  return (
    <div>
      <label htmlFor={id} className="text-xs font-medium text-muted">
        {label}
      </label>
      <select
        id={id}
        className={inputClass}
        value={value}
        onChange={(e) => onChange(options.find((o) => o === e.target.value) ?? value)}
      >
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The server's check of a condition as it is typed (the page hands the action down: components never import app/). */
export type ValidateCondition = (input: {
  condition: string;
}) => Promise<
  ActionResult<{ ok: true; text: string; window: unknown } | { ok: false; message: string; position: number }>
>;

export function RulesPanel({ rules, validateCondition }: { rules: RuleView[]; validateCondition: ValidateCondition }) {
  const canWrite = useCan("monitoring.write");
  const [draft, setDraft] = useState<Draft | null>(null);
  const [check, setCheck] = useState<Check>(null);
  const { busy, error, run, setError } = useRun();
  const condition = draft?.condition ?? "";

  useEffect(() => {
    if (!condition.trim()) return;
    let live = true;
    const timer = setTimeout(async () => {
      const r = await validateCondition({ condition });
      if (live && r.ok)
        setCheck(
          r.data.ok
            ? { ok: true, text: r.data.text }
            : { ok: false, message: r.data.message, position: r.data.position },
        );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [condition, validateCondition]);

  const edit = (d: Draft | null) => {
    setDraft(d);
    setCheck(null);
    setError(null);
  };
  const save = async () => {
    if (!draft) return;
    const { id, ...body } = draft;
    const ok = await run(() =>
      id
        ? api.PUT("/v1/monitoring/rules/{id}", { params: { path: { id } }, body })
        : api.POST("/v1/monitoring/rules", { body }),
    );
    if (ok) edit(null);
  };
  const set =
    <K extends keyof Draft>(k: K) =>
    (v: Draft[K]) =>
      setDraft((d) => (d ? { ...d, [k]: v } : d));

  return (
    <Panel
      id="rules"
      title={`Rules (${rules.length})`}
      description="Evaluated as audit entries arrive and on a schedule; each fires at most once per window."
      action={
        canWrite && !draft ? (
          <Button size="sm" variant="primary" onClick={() => edit({ ...EMPTY })}>
            New rule
          </Button>
        ) : null
      }
    >
      {draft && (
        <Card className="mb-3 p-4">
          <form
            className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <div className="sm:col-span-2">
              <label htmlFor="rule-name" className="text-xs font-medium text-muted">
                Name
              </label>
              <input
                id="rule-name"
                className={inputClass}
                value={draft.name}
                onChange={(e) => set("name")(e.target.value)}
                maxLength={120}
                required
              />
            </div>
            <ConditionField
              value={draft.condition}
              onChange={(v) => {
                set("condition")(v);
                if (!v.trim()) setCheck(null);
              }}
              check={draft.condition.trim() ? check : null}
            />
            <Select id="rule-type" label="Type" value={draft.type} options={TYPES} onChange={set("type")} />
            <Select id="rule-action" label="Action" value={draft.action} options={ACTIONS} onChange={set("action")} />
            <Select
              id="rule-severity"
              label="Severity"
              value={draft.severity}
              options={SEVERITIES}
              onChange={set("severity")}
            />
            <label className="flex items-center gap-2 self-end pb-2 text-sm text-fg">
              <input
                type="checkbox"
                checked={draft.enabled}
                onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })}
              />{" "}
              Enabled
            </label>
            {error && (
              <p role="alert" className="text-sm text-danger-text sm:col-span-2 lg:col-span-4">
                {error}
              </p>
            )}
            <div className="flex gap-2 sm:col-span-2 lg:col-span-4">
              <Button type="submit" variant="primary" disabled={busy || check?.ok === false}>
                {draft.id ? "Save rule" : "Create rule"}
              </Button>
              <Button variant="ghost" onClick={() => edit(null)}>
                Cancel
              </Button>
            </div>
          </form>
        </Card>
      )}
      {!draft && error && (
        <p role="alert" className="mb-2 text-sm text-danger-text">
          {error}
        </p>
      )}
      <DataTable
        columns={["Rule", "Condition", "Action", "Severity", { label: "Actions", hidden: true }]}
        minWidth="min-w-[44rem]"
        count={rules.length}
        empty="No rules yet."
      >
        {rules.map((r) => (
          <tr key={r.id} data-testid="rule">
            <td className="px-3 py-2">
              <span className="font-medium text-fg">{r.name}</span>
              <p className="text-xs text-muted">
                {r.type}
                {r.enabled ? "" : " · disabled"}
              </p>
            </td>
            <td className="px-3 py-2">
              <code className="font-mono text-xs text-fg">{r.condition}</code>
            </td>
            <td className="px-3 py-2">
              <code className="font-mono text-xs text-muted">{r.action}</code>
            </td>
            <td className="px-3 py-2">
              <Badge tone={SEVERITY_TONE[r.severity as keyof typeof SEVERITY_TONE] ?? "neutral"}>{r.severity}</Badge>
            </td>
            <td className="px-3 py-2 text-right whitespace-nowrap">
              {canWrite && (
                <>
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() =>
                      edit({
                        id: r.id,
                        name: r.name,
                        type: r.type as Draft["type"],
                        condition: r.condition,
                        action: r.action as Draft["action"],
                        severity: r.severity as Draft["severity"],
                        enabled: r.enabled,
                      })
                    }
                  >
                    Edit
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    disabled={busy}
                    onClick={() => {
                      if (confirm(`Delete the rule "${r.name}" and its alerts?`))
                        void run(() => api.DELETE("/v1/monitoring/rules/{id}", { params: { path: { id: r.id } } }));
                    }}
                  >
                    Delete
                  </Button>
                </>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </Panel>
  );
}
