"use client";
// Consent per person and purpose: the current state with its full history (who recorded it,
// from which source, when), and a form to record a grant or a withdrawal.
import { Panel } from "@/components/ui/panel";
import { useState, useTransition } from "react";
import { useCan } from "@/components/rbac/can";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { actionErrorText } from "@/lib/http/action-result";
import { type ConsentRow, type Option } from "./types";
import { inputClass } from "@/components/ui/field";
import { usePrivacyActions } from "./use-privacy-actions";

const PURPOSES = {
  prompt_logging: "Prompt logging",
  usage_analytics: "Usage analytics",
  product_emails: "Product e-mails",
} as const;
const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

export function ConsentPanel({ consents, people }: { consents: ConsentRow[]; people: Option[] }) {
  const canWrite = useCan("privacy.write");
  const actions = usePrivacyActions();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <Panel
      id="consent"
      title="Consent"
      description="The gateway stores prompt and response bodies only for people whose latest prompt-logging consent is a grant, and only where the policy allows it."
    >
      {canWrite && (
        <form
          className="mb-3 grid gap-2 sm:grid-cols-[2fr_1fr_1fr_auto] sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            start(async () => {
              const out = await actions.recordConsent({
                user_id: String(f.get("user_id")),
                purpose: f.get("purpose") as keyof typeof PURPOSES,
                status: f.get("status") as "granted" | "withdrawn",
              });
              setError(out.ok ? null : actionErrorText(out.error));
            });
          }}
        >
          <label className="text-sm text-fg">
            Person
            <select name="user_id" className={inputClass}>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm text-fg">
            Purpose
            <select name="purpose" className={inputClass}>
              {Object.entries(PURPOSES).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm text-fg">
            Change
            <select name="status" className={inputClass}>
              <option value="granted">Granted</option>
              <option value="withdrawn">Withdrawn</option>
            </select>
          </label>
          <Button type="submit" disabled={pending}>
            Record
          </Button>
        </form>
      )}
      {error && (
        <p role="alert" className="mb-3 text-sm text-danger-text">
          {error}
        </p>
      )}
      <Card className="divide-y divide-border">
        {consents.map((c) => (
          <details key={`${c.user_id}|${c.purpose}`} className="group px-4 py-3">
            <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 text-sm">
              <span className="font-medium text-fg">{c.person}</span>
              <span className="text-muted">{PURPOSES[c.purpose as keyof typeof PURPOSES] ?? c.purpose}</span>
              <Badge tone={c.status === "granted" ? "success" : "neutral"}>{c.status}</Badge>
              <span className="text-xs text-muted">
                since {when(c.at)} · {c.history.length} change(s)
              </span>
            </summary>
            <ol className="mt-2 space-y-1 border-l border-border pl-4 text-xs text-muted">
              {c.history.map((h) => (
                <li key={h.id}>
                  <span className="font-medium text-fg">{h.status}</span> · {when(h.at)} · source {h.source} · recorded
                  by <span className="font-mono">{h.recorded_by}</span>
                </li>
              ))}
            </ol>
          </details>
        ))}
        {consents.length === 0 && <p className="px-4 py-8 text-center text-sm text-muted">No consent recorded yet.</p>}
      </Card>
    </Panel>
  );
}
